/**
 * A closed round trip. `pnl` is before fees, as ClosedPosition.realizedPnl is; wins, losses and the
 * profit factor are judged on the net result pnl - fees - financing, which is what the account kept.
 */
export interface ClosedTrade {
  readonly entryTime: number;
  readonly exitTime: number;
  /** Realised P&L before fees. */
  readonly pnl: number;
  /** Every fee the trade paid, opening and closing. */
  readonly fees: number;
  /** Financing the position paid while open (margin opening and rollover fees, funding); 0 when absent. */
  readonly financing?: number;
  /** Quantity x entry price (for a position added to, the sum over its opening fills). */
  readonly notional: number;
  /** Quantity x exit price (the sum over its closing fills); `notional` when absent. */
  readonly exitNotional?: number;
}

export interface TradeStats {
  trades: number;
  /** Trades with net P&L > 0 and < 0; a trade that nets exactly 0 is neither. */
  wins: number;
  losses: number;
  /** wins / trades; 0 without trades. */
  winRate: number;
  /** Mean net P&L of the winning trades (> 0), and of the losing ones (< 0); 0 when there are none. */
  averageWin: number;
  averageLoss: number;
  /** Sum of net P&L of winners, and minus the sum of net P&L of losers (both >= 0). */
  grossProfit: number;
  grossLoss: number;
  /**
   * grossProfit / grossLoss. null when there is no losing trade: unbounded if grossProfit > 0, nothing to
   * measure otherwise. JSON has no Infinity, and a made-up cap would look like a real figure.
   */
  profitFactor: number | null;
  netPnl: number;
  totalFees: number;
  totalFinancing: number;
  /** Entry plus exit notional of every trade. */
  tradedNotional: number;
  /** Mean exitTime - entryTime in ms; 0 without trades. */
  averageHoldingMs: number;
}

export function tradeStats(trades: readonly ClosedTrade[]): TradeStats {
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let netPnl = 0;
  let totalFees = 0;
  let totalFinancing = 0;
  let tradedNotional = 0;
  let holding = 0;
  for (const t of trades) {
    const financing = t.financing ?? 0;
    const net = t.pnl - t.fees - financing;
    if (net > 0) {
      wins++;
      grossProfit += net;
    } else if (net < 0) {
      losses++;
      grossLoss -= net;
    }
    netPnl += net;
    totalFees += t.fees;
    totalFinancing += financing;
    tradedNotional += Math.abs(t.notional) + Math.abs(t.exitNotional ?? t.notional);
    holding += t.exitTime - t.entryTime;
  }
  const n = trades.length;
  return {
    trades: n,
    wins,
    losses,
    winRate: n === 0 ? 0 : wins / n,
    averageWin: wins === 0 ? 0 : grossProfit / wins,
    averageLoss: losses === 0 ? 0 : -grossLoss / losses,
    grossProfit,
    grossLoss,
    profitFactor: grossLoss === 0 ? null : grossProfit / grossLoss,
    netPnl,
    totalFees,
    totalFinancing,
    tradedNotional,
    averageHoldingMs: n === 0 ? 0 : holding / n,
  };
}

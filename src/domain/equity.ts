/** What an account is worth if everything closed at the marks. */
export interface AccountEquity {
  readonly cash: number;
  /** Margin locked in open positions. */
  readonly margin: number;
  readonly unrealizedPnl: number;
  /** cash + margin + unrealised P&L. */
  readonly equity: number;
}

/** Account equity at a point in time: one point of an equity curve. */
export interface EquityPoint extends AccountEquity {
  readonly time: number;
}

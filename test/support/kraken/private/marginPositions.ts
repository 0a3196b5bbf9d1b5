import type { EmulatorMarket } from '../markets.js';
import { krakenTime, type OrderType, type Side } from './privateOrder.js';

/** One margin position, opened by one trade (Kraken keys positions by the opening trade's id). */
export interface MarginPosition {
  readonly id: string;
  readonly ordertxid: string;
  readonly market: EmulatorMarket;
  /** buy = long, sell = short. */
  readonly side: Side;
  readonly ordertype: OrderType;
  readonly leverage: number;
  readonly time: number;
  readonly price: number;
  readonly vol: number;
  /** Margin posted when opened: cost / leverage. */
  readonly margin: number;
  volClosed: number;
  /** Trade, opening and rollover fees paid so far. */
  fee: number;
  /** Rollovers charged so far. */
  rollovers: number;
  status: 'open' | 'closed';
}

export interface PositionClose {
  readonly position: MarginPosition;
  readonly vol: number;
  /** Profit or loss realised in the quote currency, before fees. */
  readonly pnl: number;
  readonly marginReleased: number;
}

const openVol = (p: MarginPosition): number => p.vol - p.volClosed;
const EPS = 1e-12;

/** The user's margin positions: opened by margin fills, closed first-in first-out by opposite ones. */
export class MarginBook {
  private readonly positions: MarginPosition[] = [];

  open(position: Omit<MarginPosition, 'volClosed' | 'status' | 'rollovers'>): MarginPosition {
    const p: MarginPosition = { ...position, volClosed: 0, rollovers: 0, status: 'open' };
    this.positions.push(p);
    return p;
  }

  /** Open positions, optionally of one market and side. */
  openPositions(market?: EmulatorMarket, side?: Side): MarginPosition[] {
    return this.positions.filter((p) => p.status === 'open' && (!market || p.market === market) && (!side || p.side === side));
  }

  /** Open volume on `market` that an order of `side` would close. */
  closable(market: EmulatorMarket, side: Side): number {
    return this.openPositions(market, side === 'buy' ? 'sell' : 'buy').reduce((a, p) => a + openVol(p), 0);
  }

  /** Close up to `vol` of the positions opposite to `side` at `price`, oldest first. */
  close(market: EmulatorMarket, side: Side, vol: number, price: number): PositionClose[] {
    const out: PositionClose[] = [];
    let left = vol;
    for (const p of this.openPositions(market, side === 'buy' ? 'sell' : 'buy')) {
      if (left <= EPS) break;
      const v = Math.min(left, openVol(p));
      const direction = p.side === 'buy' ? 1 : -1;
      out.push({ position: p, vol: v, pnl: (price - p.price) * v * direction, marginReleased: (p.margin * v) / p.vol });
      p.volClosed += v;
      if (openVol(p) <= EPS) p.status = 'closed';
      left -= v;
    }
    return out;
  }

  usedMargin(): number {
    return this.openPositions().reduce((a, p) => a + (p.margin * openVol(p)) / p.vol, 0);
  }

  /** Cost basis, current value and unrealised profit of the open positions at `mark` prices. */
  totals(mark: (market: EmulatorMarket) => number | undefined): { cost: number; value: number; net: number } {
    let cost = 0;
    let value = 0;
    let net = 0;
    for (const p of this.openPositions()) {
      const v = openVol(p);
      const price = mark(p.market) ?? p.price;
      cost += p.price * v;
      value += price * v;
      net += (price - p.price) * v * (p.side === 'buy' ? 1 : -1);
    }
    return { cost, value, net };
  }
}

const f5 = (v: number) => v.toFixed(5);

/** OpenPositions without consolidation: one entry per position, keyed by its id. */
export function positionEntry(p: MarginPosition, mark: number | undefined, withCalcs: boolean): Record<string, unknown> {
  const lot = p.market.lotDecimals;
  const open = openVol(p);
  const price = mark ?? p.price;
  return {
    ordertxid: p.ordertxid,
    posstatus: p.status,
    pair: p.market.id,
    time: krakenTime(p.time),
    type: p.side,
    ordertype: p.ordertype,
    cost: f5(p.price * p.vol),
    fee: f5(p.fee),
    vol: p.vol.toFixed(lot),
    vol_closed: p.volClosed.toFixed(lot),
    margin: f5(p.margin),
    leverage: p.leverage.toFixed(5),
    ...(withCalcs && { value: f5(price * open), net: f5((price - p.price) * open * (p.side === 'buy' ? 1 : -1)) }),
    terms: '0.0000% per 4 hours',
    rollovertm: String(Math.floor(p.time / 1000) + (p.rollovers + 1) * 4 * 3600),
    misc: '',
    oflags: '',
  };
}

/** OpenPositions with consolidation=market (what ccxt's fetchPositions asks for): one entry per pair and side. */
export function consolidatedEntries(
  positions: readonly MarginPosition[],
  mark: (m: EmulatorMarket) => number | undefined,
  withCalcs: boolean,
): Record<string, unknown>[] {
  const groups = new Map<string, MarginPosition[]>();
  for (const p of positions) {
    const key = `${p.market.id}:${p.side}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as MarginPosition;
    const sum = (f: (p: MarginPosition) => number) => group.reduce((a, p) => a + f(p), 0);
    const vol = sum((p) => p.vol);
    const price = mark(first.market) ?? first.price;
    const net = sum((p) => (price - p.price) * openVol(p) * (p.side === 'buy' ? 1 : -1));
    return {
      pair: first.market.id,
      positions: String(group.length),
      type: first.side,
      leverage: (sum((p) => p.leverage * p.vol) / vol).toFixed(5),
      cost: f5(sum((p) => p.price * p.vol)),
      fee: f5(sum((p) => p.fee)),
      vol: vol.toFixed(first.market.lotDecimals),
      vol_closed: sum((p) => p.volClosed).toFixed(first.market.lotDecimals),
      margin: f5(sum((p) => p.margin)),
      ...(withCalcs && { value: f5(price * sum(openVol)), net: f5(net) }),
    };
  });
}

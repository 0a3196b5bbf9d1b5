/** One market the emulator lists, in Kraken's own naming. Mirrors config/default.yaml venue.markets. */
export interface EmulatorMarket {
  /** ccxt's unified symbol, e.g. "SOL/USD". */
  readonly symbol: string;
  /** Kraken's canonical pair id: the key of every result about this pair. */
  readonly id: string;
  readonly altname: string;
  readonly wsname: string;
  readonly base: string;
  readonly quote: string;
  readonly pairDecimals: number;
  readonly lotDecimals: number;
  readonly ordermin: string;
  readonly costmin: string;
  /** Leverage levels offered; empty = no margin. */
  readonly leverage: readonly number[];
}

export interface EmulatorAsset {
  readonly id: string;
  readonly altname: string;
  readonly decimals: number;
  readonly displayDecimals: number;
}

export const DEFAULT_MARKETS: readonly EmulatorMarket[] = [
  {
    symbol: 'SOL/USD',
    id: 'SOLUSD',
    altname: 'SOLUSD',
    wsname: 'SOL/USD',
    base: 'SOL',
    quote: 'ZUSD',
    pairDecimals: 2,
    lotDecimals: 8,
    ordermin: '0.02',
    costmin: '0.5',
    leverage: [2, 3],
  },
  {
    symbol: 'ETH/USD',
    id: 'XETHZUSD',
    altname: 'ETHUSD',
    wsname: 'ETH/USD',
    base: 'XETH',
    quote: 'ZUSD',
    pairDecimals: 2,
    lotDecimals: 8,
    ordermin: '0.002',
    costmin: '0.5',
    leverage: [2, 3, 4, 5],
  },
  {
    symbol: 'BTC/USD',
    id: 'XXBTZUSD',
    altname: 'XBTUSD',
    wsname: 'XBT/USD',
    base: 'XXBT',
    quote: 'ZUSD',
    pairDecimals: 1,
    lotDecimals: 8,
    ordermin: '0.0001',
    costmin: '0.5',
    leverage: [2, 3, 4, 5],
  },
];

export const DEFAULT_ASSETS: readonly EmulatorAsset[] = [
  { id: 'SOL', altname: 'SOL', decimals: 10, displayDecimals: 5 },
  { id: 'XETH', altname: 'ETH', decimals: 10, displayDecimals: 5 },
  { id: 'XXBT', altname: 'XBT', decimals: 10, displayDecimals: 5 },
  { id: 'ZUSD', altname: 'USD', decimals: 4, displayDecimals: 2 },
];

/** Kraken's spot fees in percent at the entry tier: what the emulated account pays. */
export const ENTRY_FEES = { taker: 0.26, maker: 0.16 } as const;

// Kraken's published spot fee schedule (30-day volume in USD, percent), entry tier first.
const TAKER_TIERS: readonly [number, number][] = [
  [0, ENTRY_FEES.taker],
  [50_000, 0.24],
  [100_000, 0.22],
  [250_000, 0.2],
  [500_000, 0.18],
  [1_000_000, 0.16],
  [2_500_000, 0.14],
  [5_000_000, 0.12],
  [10_000_000, 0.1],
];
const MAKER_TIERS: readonly [number, number][] = [
  [0, ENTRY_FEES.maker],
  [50_000, 0.14],
  [100_000, 0.12],
  [250_000, 0.1],
  [500_000, 0.08],
  [1_000_000, 0.06],
  [2_500_000, 0.04],
  [5_000_000, 0.02],
  [10_000_000, 0],
];

export function assetsPayload(assets: readonly EmulatorAsset[]): Record<string, unknown> {
  return Object.fromEntries(
    assets.map((a) => [
      a.id,
      { aclass: 'currency', altname: a.altname, decimals: a.decimals, display_decimals: a.displayDecimals, collateral_value: 1, status: 'enabled' },
    ]),
  );
}

export function assetPairsPayload(markets: readonly EmulatorMarket[]): Record<string, unknown> {
  return Object.fromEntries(
    markets.map((m) => [
      m.id,
      {
        altname: m.altname,
        wsname: m.wsname,
        aclass_base: 'currency',
        base: m.base,
        aclass_quote: 'currency',
        quote: m.quote,
        lot: 'unit',
        cost_decimals: 5,
        pair_decimals: m.pairDecimals,
        lot_decimals: m.lotDecimals,
        lot_multiplier: 1,
        leverage_buy: [...m.leverage],
        leverage_sell: [...m.leverage],
        fees: TAKER_TIERS.map((t) => [...t]),
        fees_maker: MAKER_TIERS.map((t) => [...t]),
        fee_volume_currency: 'ZUSD',
        margin_call: 80,
        margin_stop: 40,
        ordermin: m.ordermin,
        costmin: m.costmin,
        tick_size: (10 ** -m.pairDecimals).toFixed(m.pairDecimals),
        status: 'online',
      },
    ]),
  );
}

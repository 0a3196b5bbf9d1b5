/** A perpetual the emulator lists, in Kraken Futures' own naming. */
export interface EmulatorPerpetual {
  /** The bot's symbol whose candles price it, e.g. "BTC/USD". */
  readonly symbol: string;
  /** Kraken's id, e.g. "PF_XBTUSD". */
  readonly id: string;
  readonly base: string;
  readonly tickSize: number;
  /** Decimal places of an order's size (Kraken's contractValueTradePrecision). */
  readonly tradePrecision: number;
  /** From this position value (USD): initial and maintenance margin. */
  readonly marginLevels: readonly { readonly numNonContractUnits: number; readonly initialMargin: number; readonly maintenanceMargin: number }[];
}

const level = (numNonContractUnits: number, initialMargin: number) => ({ numNonContractUnits, initialMargin, maintenanceMargin: initialMargin / 2 });
/** Margin classes A and B as config/default.yaml cites them from Kraken's margin schedule. */
const CLASS_A = [
  level(0, 0.02),
  level(1_000_000, 0.04),
  level(2_000_000, 0.06),
  level(5_000_000, 0.1),
  level(10_000_000, 0.15),
  level(20_000_000, 0.2),
  level(60_000_000, 0.25),
];
const CLASS_B = [
  level(0, 0.02),
  level(250_000, 0.04),
  level(750_000, 0.06),
  level(1_000_000, 0.1),
  level(5_000_000, 0.15),
  level(10_000_000, 0.2),
  level(30_000_000, 0.25),
];

/** The margin level of `p` a position worth `value` falls in: the last one it reaches. */
export function marginLevelOf(p: EmulatorPerpetual, value: number): EmulatorPerpetual['marginLevels'][number] {
  const levels = p.marginLevels;
  let found = levels[0];
  for (const l of levels) if (value >= l.numNonContractUnits) found = l;
  if (!found) throw new Error(`${p.id} has no margin levels`);
  return found;
}

/** The three perpetuals the bot trades, with the tick sizes and precisions config/default.yaml cites. */
export const DEFAULT_PERPETUALS: readonly EmulatorPerpetual[] = [
  { symbol: 'SOL/USD', id: 'PF_SOLUSD', base: 'SOL', tickSize: 0.01, tradePrecision: 2, marginLevels: CLASS_B },
  { symbol: 'ETH/USD', id: 'PF_ETHUSD', base: 'ETH', tickSize: 0.1, tradePrecision: 3, marginLevels: CLASS_A },
  { symbol: 'BTC/USD', id: 'PF_XBTUSD', base: 'XBT', tickSize: 1, tradePrecision: 4, marginLevels: CLASS_A },
];

/** The answer of GET /derivatives/api/v3/instruments: the perpetuals, plus an inverse one and an index the bot must skip. */
export function instrumentsPayload(perpetuals: readonly EmulatorPerpetual[], now: number): Record<string, unknown> {
  return {
    result: 'success',
    instruments: [
      ...perpetuals.map((p) => ({
        symbol: p.id,
        type: 'flexible_futures',
        tradeable: true,
        tickSize: p.tickSize,
        contractSize: 1,
        contractValueTradePrecision: p.tradePrecision,
        impactMidSize: 1,
        maxPositionSize: 1_000_000,
        openingDate: '2022-03-23T00:00:00.000Z',
        marginLevels: p.marginLevels.map((l) => ({ ...l })),
        fundingRateCoefficient: 8,
        maxRelativeFundingRate: 0.001,
        postOnly: false,
        feeScheduleUid: 'eef90775-995b-4596-9257-0917f6134766',
        mtf: false,
        base: p.base,
        quote: 'USD',
        pair: `${p.base}:USD`,
        category: 'Layer 1',
        tags: [],
      })),
      {
        symbol: 'PI_XBTUSD',
        type: 'futures_inverse',
        tradeable: true,
        tickSize: 0.5,
        contractSize: 1,
        contractValueTradePrecision: 0,
        marginLevels: [{ contracts: 0, initialMargin: 0.02, maintenanceMargin: 0.01 }],
        base: 'XBT',
        quote: 'USD',
        pair: 'XBT:USD',
      },
      { symbol: 'in_xbtusd', type: 'spot index', tradeable: false },
    ],
    serverTime: new Date(now).toISOString(),
  };
}

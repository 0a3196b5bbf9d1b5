import { z } from 'zod';
import { TIMEFRAMES } from '../domain/timeframe.js';
import { NOTIFY_EVENTS } from '../notify/events.js';

const fraction = (max: number) => z.number().finite().min(0).max(max);
const positive = z.number().finite().positive();
/** A market symbol as the config and the CLI accept it. */
export const symbolSchema = z.string().regex(/^[A-Z0-9]{2,10}\/[A-Z]{3,5}$/, 'expected a symbol such as SOL/USD (BASE/QUOTE, upper case)');

const leverageRange = z.strictObject({
  min: z.number().finite().min(1),
  max: z.number().finite().min(1),
  default: z.number().finite().min(1),
});

/** Where orders go (see venue.kind): Kraken spot with margin, or Kraken's perpetual futures. */
export const VENUE_KINDS = ['kraken-spot', 'kraken-futures'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];

const fees = z.strictObject({ taker: fraction(0.05), maker: fraction(0.05) });
const leverageMode = z.enum(['minimum', 'confidence']);

/** What a key left at null (fees, strategy.allowShort, risk.leverageMode) takes on one venue. */
const venueDefaults = z.strictObject({ fees, allowShort: z.boolean(), leverageMode });

/** One level of a perpetual's margin schedule: from this position value (USD) up, until the next level's. */
const marginLevel = z.strictObject({
  fromNotional: z.number().finite().min(0),
  initialMargin: z.number().finite().gt(0).max(1),
  maintenanceMargin: z.number().finite().gt(0).max(1),
});

/** A perpetual contract as the simulated futures venue uses it when the exchange was not asked. */
const futuresMarket = z
  .strictObject({
    /** Kraken Futures' symbol, e.g. PF_XBTUSD. */
    id: z.string().regex(/^PF_[A-Z0-9]{2,20}$/, 'expected a Kraken perpetual id such as PF_XBTUSD'),
    contractSize: positive,
    minAmount: z.number().finite().min(0),
    pricePrecision: z.number().int().min(0).max(12),
    amountPrecision: z.number().int().min(0).max(12),
    marginLevels: z.array(marginLevel).min(1),
  })
  .superRefine((m, ctx) => {
    m.marginLevels.forEach((l, i) => {
      const prev = m.marginLevels[i - 1];
      if (i === 0 && l.fromNotional !== 0)
        ctx.addIssue({ code: 'custom', path: ['marginLevels', i, 'fromNotional'], input: l.fromNotional, message: 'the first level starts at 0' });
      if (prev && !(l.fromNotional > prev.fromNotional))
        ctx.addIssue({
          code: 'custom',
          path: ['marginLevels', i, 'fromNotional'],
          input: l.fromNotional,
          message: 'levels are listed by increasing position value',
        });
      if (!(l.maintenanceMargin < l.initialMargin))
        ctx.addIssue({ code: 'custom', path: ['marginLevels', i], input: l, message: 'the maintenance margin is below the initial margin' });
    });
  });

/** Perpetual funding, charged by the simulated futures venue (see src/execution/ledger/funding.ts). */
const funding = z.strictObject({
  intervalHours: z.number().int().min(1).max(24),
  /** Rate per interval used where no funding history is stored (with a warning); positive: longs pay shorts. */
  fallbackRate: z.number().finite().min(-0.01).max(0.01),
});

const venueMarket = z.strictObject({
  maxLeverage: z.number().finite().min(1),
  minAmount: z.number().finite().min(0),
  minCost: z.number().finite().min(0),
  pricePrecision: z.number().int().min(0).max(12),
  amountPrecision: z.number().int().min(0).max(12),
});

/**
 * Kraken spot margin's financing, charged by the simulated venue (and estimated live): see
 * src/execution/ledger/financing.ts and https://support.kraken.com/articles/206161568.
 */
const financing = z
  .strictObject({
    intervalHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 7),
    /** Per borrowed currency, a fraction per opening and per rollover; `default` for any other currency. */
    rates: z.record(z.string(), fraction(0.01)),
  })
  .superRefine((f, ctx) => {
    for (const key of Object.keys(f.rates)) {
      if (key !== 'default' && !/^[A-Z0-9]{2,10}$/.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rates', key],
          input: key,
          message: `"${key}" is not a currency code: write it as Kraken's unified code in upper case (USD, BTC), or "default"`,
        });
      }
    }
    if (f.rates['default'] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['rates', 'default'],
        input: f.rates,
        message: 'a default rate is required: it applies to every currency not listed',
      });
    }
  });

const drawdown = z.strictObject({
  soft: z.number().finite().gt(0).lt(1),
  softExposure: z.number().finite().min(0).max(1),
  hard: z.number().finite().gt(0).lt(1),
  hardExposure: z.number().finite().min(0).max(1),
});

const killSwitch = z.strictObject({
  dailyLoss: z.number().finite().gt(0).max(1),
  maxDrawdown: z.number().finite().gt(0).max(1),
  flatten: z.boolean(),
});

/** Key names that would hold a credential: never accepted in a config file. */
const CREDENTIAL_KEY = /(api[-_]?key|secret|passphrase|password|private[-_]?key|token|credential)/i;

/**
 * A credential in a config file is refused by name, and its value is blanked in the input first, so the
 * error that names the key cannot echo it (the loader shows the offending value). Keys come from
 * KRAKEN_API_KEY / KRAKEN_API_SECRET in the environment only.
 */
function refuseCredentials(raw: unknown, ctx: z.RefinementCtx): unknown {
  const walk = (value: unknown, path: PropertyKey[]): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (typeof value !== 'object' || value === null) return value;
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (CREDENTIAL_KEY.test(k)) {
        obj[k] = '[redacted]';
        ctx.addIssue({
          code: 'custom',
          path: [...path, k],
          message: 'credentials are never read from a config file: remove the key and set KRAKEN_API_KEY and KRAKEN_API_SECRET in the environment',
        });
        continue;
      }
      out[k] = walk(v, [...path, k]);
    }
    return out;
  };
  return walk(raw, []);
}

const assetTier = z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'expected an asset tier: 1, 2 or 3' });
const regimeLimits = z.strictObject({
  maxPositions: z.number().int().min(1).max(100),
  cashBuffer: z.number().finite().min(0).lt(1),
});

const portfolio = z.strictObject({
  tiers: z.record(symbolSchema, assetTier),
  tierCaps: z.strictObject({ 1: fraction(10), 2: fraction(10), 3: fraction(10) }),
  tier3Sleeve: fraction(10),
  regimes: z.strictObject({ trend: regimeLimits, chop: regimeLimits, down: regimeLimits }),
  maxGrossExposure: z.number().finite().gt(0).max(10),
  rebalanceBand: fraction(10),
  flipConfidence: z.number().finite().min(0.5).max(1),
  turnoverBudget: z.strictObject({ days: z.number().finite().gt(0).max(365), maxTurnover: z.number().finite().gt(0) }),
});

const strategy = z.strictObject({
  lookbackDays: z.array(z.number().finite().gt(0).max(730)).min(1),
  volatilityDays: z.number().finite().gt(0).max(365),
  targetVolatility: z.number().finite().gt(0).max(5),
  maxExposure: z.number().finite().gt(0).max(10),
  allowShort: z.boolean().nullable(),
  rebalanceHours: z
    .number()
    .finite()
    .gt(0)
    .max(24 * 30),
  horizonHours: z
    .number()
    .finite()
    .gt(0)
    .max(24 * 90),
  atrDays: z.number().finite().gt(0).max(730),
});

const execution = z.strictObject({
  orderType: z.enum(['limit', 'market']),
  timeoutBars: z.number().int().min(1).max(1000),
  onTimeout: z.enum(['market', 'cancel']),
});

const tier = z.strictObject({
  minConfidence: z.number().finite().min(0.5).max(1),
  size: z.number().finite().gt(0).max(1),
});

const trainingSchema = z.strictObject({
  epochs: z.number().int().min(1).max(1000),
  patience: z.number().int().min(0).max(100),
  batchSize: z.number().int().min(1).max(8192),
  learningRate: z.number().finite().positive().max(1),
});

const modelKind = z.enum(['transformer', 'tcn', 'lstm', 'cnnLstm']);
const sizesSchema = z.partialRecord(modelKind, z.record(z.string(), z.unknown()));

const hours = z
  .number()
  .int()
  .min(1)
  .max(24 * 365);
const days = z.number().int().min(1).max(36_500);

const quickModels = z.strictObject({
  windowLength: z.number().int().min(2).max(1024),
  sampleHours: hours,
  validationDays: days,
  maxTrainDays: days.nullable(),
  training: trainingSchema,
  sizes: sizesSchema,
});

const levels = (max: number) => z.strictObject({ warning: z.number().finite().min(0).max(max), drifted: z.number().finite().min(0).max(max) });

/** `30d`, `12h`: a span of the feed's clock. */
export const durationSchema = z.string().regex(/^[1-9]\d*[hd]$/, 'expected a number of hours or days, e.g. 12h or 7d');

export function durationMs(d: string): number {
  return Number(d.slice(0, -1)) * (d.endsWith('d') ? 86_400_000 : 3_600_000);
}

const driftSchema = z.strictObject({
  checkEveryHours: hours,
  windowDays: days,
  predictionWindowDays: days,
  minPredictions: z.number().int().min(1),
  psi: levels(100),
  ks: levels(1),
  featureShare: z.number().finite().gt(0).max(1),
  auc: levels(1),
  ece: levels(1),
  hysteresisChecks: z.number().int().min(1).max(100),
});

const retrainSchema = z.strictObject({
  every: durationSchema.nullable(),
  onDrift: z.boolean(),
  quick: z.boolean(),
  timeoutMinutes: z
    .number()
    .finite()
    .gt(0)
    .max(7 * 24 * 60),
  minGapHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 365),
  nice: z.number().int().min(0).max(19),
});

const modelsSchema = z.strictObject({
  backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']),
  runtime: z.enum(['auto', 'onnx', 'tfjs']),
  kinds: z.array(modelKind).min(1),
  horizonsHours: z.array(hours).min(1),
  windowLength: z.number().int().min(2).max(1024),
  sampleHours: hours,
  validationDays: days,
  embargoHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 365),
  recencyHalfLifeDays: days.nullable(),
  maxTrainDays: days.nullable(),
  returnHead: z.boolean(),
  seed: z.number().int(),
  training: trainingSchema,
  sizes: sizesSchema,
  quick: quickModels,
  drift: driftSchema,
  retrain: retrainSchema,
});

const walkForwardShape = z.strictObject({
  folds: z.number().int().min(1).max(50),
  foldDays: days,
  horizonFolds: z.number().int().min(1).max(20),
});

const optimizeSchema = z.strictObject({
  ...walkForwardShape.shape,
  /** Worker threads training members at once: auto is one per CPU; 1 trains on the main thread. */
  workers: z.union([z.literal('auto'), z.number().int().min(1).max(256)]),
  minTrades: z.number().int().min(1),
  interval: z.strictObject({
    level: z.number().gt(0.5).lt(1),
    samples: z.number().int().min(100).max(100_000),
    blockDays: z.number().finite().gt(0).max(365),
  }),
  quick: walkForwardShape,
});

/** Messages to people; the secrets (TELEGRAM_BOT_TOKEN, BOT_WEBHOOK_URL) come from the environment only. */
const notify = z.strictObject({
  events: z.array(z.enum(NOTIFY_EVENTS)),
  maxPerMinute: z.number().int().min(1).max(600),
  timeoutMs: z.number().int().min(100).max(60_000),
  dailySummaryHourUtc: z.number().int().min(0).max(23),
  telegram: z.strictObject({
    chatId: z.union([z.string().min(1), z.number().int()]).nullable(),
    apiUrl: z.url({ protocol: /^https?$/ }),
  }),
});

const configObject = z
  .strictObject({
    exchange: z.strictObject({
      id: z.literal('kraken'),
      apiUrl: z.url({ protocol: /^https?$/ }).nullable(),
      /** Kraken Futures' API origin (an emulator); null: futures.kraken.com. */
      futuresApiUrl: z.url({ protocol: /^https?$/ }).nullable(),
      timeoutMs: z.number().int().min(500).max(120_000),
    }),
    assets: z.array(symbolSchema).min(1),
    marketLead: symbolSchema.nullable(),
    timeframe: z.enum(TIMEFRAMES),
    capital: positive,
    loop: z.strictObject({ intervalSeconds: z.number().finite().min(0) }),
    live: z.strictObject({
      unknownOrderGraceSeconds: z
        .number()
        .finite()
        .min(0)
        .max(86_400 * 7),
    }),
    /** null: the venue's (venue.defaults). */
    fees: fees.nullable(),
    slippageBps: z.number().finite().min(0).max(1000),
    risk: z.strictObject({
      leverageMode: leverageMode.nullable(),
      maxLossPerPosition: z.number().finite().gt(0).max(0.5),
      stopAtr: positive,
      trailActivationAtr: z.number().finite().min(0).nullable(),
      trailDistanceAtr: positive,
      maxLeverage: z.number().finite().min(1),
      maintenanceMarginRate: fraction(0.5),
      tiers: z.array(tier).min(1),
      riskPerTrade: z.number().finite().gt(0).max(0.5),
      maxPortfolioRisk: z.number().finite().gt(0).max(1),
      drawdown,
      takeProfitAtr: positive.nullable(),
      kelly: z.strictObject({ enabled: z.boolean(), fraction: z.number().finite().gt(0).max(1) }),
      killSwitch,
    }),
    portfolio,
    strategy,
    execution,
    leverage: z.record(symbolSchema, leverageRange),
    venue: z.strictObject({
      kind: z.enum(VENUE_KINDS, { error: `expected a venue: ${VENUE_KINDS.join(' or ')}` }),
      defaults: z.strictObject({ 'kraken-spot': venueDefaults, 'kraken-futures': venueDefaults }),
      markets: z.record(symbolSchema, venueMarket),
      financing,
      futures: z.strictObject({ markets: z.record(symbolSchema, futuresMarket), funding }),
    }),
    scorer: z.strictObject({ window: z.number().int().min(60).max(5000) }),
    models: modelsSchema,
    optimize: optimizeSchema,
    store: z.strictObject({ decisionRetentionDays: z.number().finite().min(0) }),
    notify,
  })
  .superRefine((cfg, ctx) => {
    // Every stage keys its work by symbol: an asset listed twice would be allocated twice.
    const twice = [...new Set(cfg.assets.filter((a, i) => cfg.assets.indexOf(a) !== i))];
    if (twice.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['assets'],
        input: cfg.assets,
        message: `${twice.join(', ')} ${twice.length === 1 ? 'is' : 'are'} listed more than once; list each asset once`,
      });
    }
    for (const asset of cfg.assets) {
      if (!cfg.leverage[asset]) {
        ctx.addIssue({
          code: 'custom',
          path: ['assets'],
          input: asset,
          message: `unknown asset ${asset}: it has no leverage range. Known: ${Object.keys(cfg.leverage).join(', ')}; add leverage.${asset} to trade it`,
        });
      }
    }
    for (const [asset, r] of Object.entries(cfg.leverage)) {
      if (!(r.min <= r.default && r.default <= r.max)) {
        ctx.addIssue({
          code: 'custom',
          path: ['leverage', asset],
          input: r,
          message: `expected min <= default <= max, got min ${r.min}, default ${r.default}, max ${r.max}`,
        });
      }
    }
    const tiers = cfg.risk.tiers;
    for (let i = 1; i < tiers.length; i++) {
      const prev = tiers[i - 1];
      const cur = tiers[i];
      if (prev && cur && !(cur.minConfidence < prev.minConfidence && cur.size <= prev.size)) {
        ctx.addIssue({
          code: 'custom',
          path: ['risk', 'tiers', i],
          input: cur,
          message: 'tiers must be listed from the highest minConfidence down, each with a size no larger than the one above',
        });
      }
    }
    const dd = cfg.risk.drawdown;
    if (!(dd.soft < dd.hard && dd.hardExposure <= dd.softExposure)) {
      ctx.addIssue({
        code: 'custom',
        path: ['risk', 'drawdown'],
        input: dd,
        message: `expected soft < hard and hardExposure <= softExposure (a deeper drawdown never allows more exposure), got soft ${dd.soft}, hard ${dd.hard}, softExposure ${dd.softExposure}, hardExposure ${dd.hardExposure}`,
      });
    }
    const lowest = tiers[tiers.length - 1]?.minConfidence;
    if (lowest !== undefined && cfg.portfolio.flipConfidence < lowest) {
      ctx.addIssue({
        code: 'custom',
        path: ['portfolio', 'flipConfidence'],
        input: cfg.portfolio.flipConfidence,
        message: `a flip opens a position, so it needs at least the lowest risk tier's confidence ${lowest}`,
      });
    }
  });

/**
 * Keys left at null take the venue's default (venue.defaults): spot and futures differ in fees, in whether a
 * short is worth its cost (a spot short borrows the coin; a perpetual short only pays or earns funding) and in
 * how leverage is chosen. Downstream code sees one concrete value, whatever the venue.
 */
const resolvedConfig = configObject.transform((cfg) => {
  const d = cfg.venue.defaults[cfg.venue.kind];
  return {
    ...cfg,
    fees: cfg.fees ?? d.fees,
    risk: { ...cfg.risk, leverageMode: cfg.risk.leverageMode ?? d.leverageMode },
    strategy: { ...cfg.strategy, allowShort: cfg.strategy.allowShort ?? d.allowShort },
  };
});

export const configSchema = z.preprocess(refuseCredentials, resolvedConfig);

export type Config = z.infer<typeof configSchema>;
export type KillSwitchConfig = z.infer<typeof killSwitch>;
export type LeverageRange = z.infer<typeof leverageRange>;
export type VenueMarketConfig = z.infer<typeof venueMarket>;
export type FinancingConfig = z.infer<typeof financing>;
export type Tier = z.infer<typeof tier>;
export type ModelsConfig = z.infer<typeof modelsSchema>;
export type OptimizeConfig = z.infer<typeof optimizeSchema>;
export type PortfolioConfig = z.infer<typeof portfolio>;
export type StrategyConfig = Config['strategy'];
export type FuturesMarketConfig = z.infer<typeof futuresMarket>;
export type FundingConfig = z.infer<typeof funding>;
export type NotifyConfig = z.infer<typeof notify>;

import { z } from 'zod';
import { TIMEFRAMES } from '../domain/timeframe.js';

const fraction = (max: number) => z.number().finite().min(0).max(max);
const positive = z.number().finite().positive();
/** A market symbol as the config and the CLI accept it. */
export const symbolSchema = z
  .string()
  .regex(/^[A-Z0-9]{2,10}\/[A-Z]{3,5}$/, 'expected a symbol such as SOL/USD (BASE/QUOTE, upper case)');

const leverageRange = z.strictObject({
  min: z.number().finite().min(1),
  max: z.number().finite().min(1),
  default: z.number().finite().min(1),
});

const venueMarket = z.strictObject({
  maxLeverage: z.number().finite().min(1),
  minAmount: z.number().finite().min(0),
  minCost: z.number().finite().min(0),
  pricePrecision: z.number().int().min(0).max(12),
  amountPrecision: z.number().int().min(0).max(12),
});

const tier = z.strictObject({
  minConfidence: z.number().finite().min(0.5).max(1),
  size: z.number().finite().gt(0).max(1),
});

export const configSchema = z
  .strictObject({
    exchange: z.strictObject({
      id: z.literal('kraken'),
      apiUrl: z.url({ protocol: /^https?$/ }).nullable(),
      timeoutMs: z.number().int().min(500).max(120_000),
    }),
    assets: z.array(symbolSchema).min(1),
    timeframe: z.enum(TIMEFRAMES),
    capital: positive,
    loop: z.strictObject({ intervalSeconds: z.number().finite().min(0) }),
    fees: z.strictObject({ taker: fraction(0.05), maker: fraction(0.05) }),
    slippageBps: z.number().finite().min(0).max(1000),
    risk: z.strictObject({
      positionFraction: z.number().finite().gt(0).max(1),
      maxLossPerPosition: z.number().finite().gt(0).max(0.5),
      stopAtr: positive,
      trailActivationAtr: z.number().finite().min(0),
      trailDistanceAtr: positive,
      maxLeverage: z.number().finite().min(1),
      maintenanceMarginRate: fraction(0.5),
      tiers: z.array(tier).min(1),
    }),
    leverage: z.record(symbolSchema, leverageRange),
    venue: z.strictObject({ markets: z.record(symbolSchema, venueMarket) }),
    scorer: z.strictObject({ window: z.number().int().min(60).max(5000) }),
  })
  .superRefine((cfg, ctx) => {
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
  });

export type Config = z.infer<typeof configSchema>;
export type LeverageRange = z.infer<typeof leverageRange>;
export type VenueMarketConfig = z.infer<typeof venueMarket>;
export type Tier = z.infer<typeof tier>;

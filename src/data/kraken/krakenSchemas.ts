import { z } from 'zod';

/** What ccxt hands back from Kraken, checked before anything downstream sees it. */

const price = z.number().finite().positive();
const size = z.number().finite().min(0);
const optionalMin = z.object({ min: size.nullish() }).nullish();

export const ccxtMarketSchema = z.object({
  symbol: z.string().regex(/^[A-Z0-9]+\/[A-Z0-9]+$/, 'expected BASE/QUOTE'),
  base: z.string().min(1),
  quote: z.string().min(1),
  precision: z.object({ price, amount: price }),
  limits: z.object({ amount: optionalMin, cost: optionalMin }),
  info: z.object({
    leverage_buy: z.array(z.coerce.number().finite().min(1)).optional(),
  }),
});

export type CcxtMarket = z.infer<typeof ccxtMarketSchema>;

export const ohlcvRowSchema = z
  .tuple([z.number().int().min(0), price, price, price, price, size])
  .refine(([, open, high, low, close]) => low <= Math.min(open, close) && Math.max(open, close) <= high, {
    message: 'expected low <= open, close <= high',
  });

export const tickerSchema = z
  .object({
    bid: price,
    ask: price,
    last: price,
    timestamp: z.number().int().nullish(),
  })
  .refine((t) => t.bid <= t.ask, { message: 'bid above ask' });

export const tradeSchema = z.object({
  timestamp: z.number().int().min(0),
  price,
  amount: z.number().finite().positive(),
  info: z.array(z.unknown()),
});

/** Kraken's trade cursor: nanoseconds as a decimal string. */
export const tradeCursorSchema = z.string().regex(/^\d+$/, 'expected a numeric cursor');

export function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length ? `at ${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/**
 * How the engine sends the orders it is not in a hurry with (entries, increases, reductions and closes
 * decided at a bar). Protective exits (stops, liquidation) are the venue's and always take the market.
 */
export interface ExecutionSettings {
  /** 'limit': a post-only limit at the signal bar's close (maker fee, no spread); 'market': take the book. */
  readonly orderType: 'limit' | 'market';
  /** A limit still open this many bars after its signal bar is cancelled. */
  readonly timeoutBars: number;
  /** After the timeout: 'market' sends the rest at market, 'cancel' gives it up until the next decision. */
  readonly onTimeout: 'market' | 'cancel';
}

export const MARKET_EXECUTION: ExecutionSettings = { orderType: 'market', timeoutBars: 1, onTimeout: 'cancel' };

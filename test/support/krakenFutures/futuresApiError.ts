/** Throw from a handler to answer with Kraken Futures' `{"result":"error","error":code}`. */
export class KrakenFuturesApiError extends Error {
  constructor(
    readonly code: string,
    readonly status = 400,
  ) {
    super(code);
  }
}

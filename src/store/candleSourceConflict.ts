import { UserError } from '../internal/errors.js';

/** Bars of one source offered to a series that holds another's: refused, never spliced. */
export class CandleSourceConflict extends UserError {
  constructor(
    readonly symbol: string,
    readonly timeframe: string,
    readonly stored: string,
    readonly incoming: string,
    readonly bars: number,
    hint = `to replace the whole ${symbol} ${timeframe} series with the ${incoming} bars, run the same command with --replace`,
  ) {
    super(
      `${symbol} ${timeframe} holds ${bars.toLocaleString('en-US')} bars from ${stored}; bars from ${incoming} are not added to them: a series keeps one source, so two markets are never spliced into one`,
      { hint },
    );
  }

  /** The same refusal, with what the user can do from the command that met it. */
  withHint(hint: string): CandleSourceConflict {
    return new CandleSourceConflict(this.symbol, this.timeframe, this.stored, this.incoming, this.bars, hint);
  }
}

/**
 * Watches validation loss: improved when it beats the best by more than minDelta; stop after `patience`
 * epochs without improvement.
 */
export class EarlyStopping {
  private bestLoss = Number.POSITIVE_INFINITY;
  private bestAt = 0;
  private waited = 0;

  constructor(
    private readonly patience: number,
    private readonly minDelta = 0,
  ) {}

  observe(epoch: number, valLoss: number): 'improved' | 'waiting' | 'stop' {
    if (Number.isFinite(valLoss) && valLoss < this.bestLoss - this.minDelta) {
      this.bestLoss = valLoss;
      this.bestAt = epoch;
      this.waited = 0;
      return 'improved';
    }
    this.waited++;
    return this.waited >= this.patience ? 'stop' : 'waiting';
  }

  get bestEpoch(): number {
    return this.bestAt;
  }

  get best(): number {
    return this.bestLoss;
  }
}

import { describe, expect, it } from 'vitest';
import { promotionDecision } from '../../src/ensemble/promotion.js';

describe('train -> compare -> promote', () => {
  it('promotes the first ensemble only if it beats the constant baseline', () => {
    expect(promotionDecision({ candidateLogLoss: 0.68, baselineLogLoss: 0.69 }).promote).toBe(true);
    const no = promotionDecision({ candidateLogLoss: 0.7, baselineLogLoss: 0.69 });
    expect(no.promote).toBe(false);
    expect(no.reason).toMatch(/does not beat the majority-class baseline/);
  });

  it('replaces production only when better on the same test block', () => {
    const better = promotionDecision({ candidateLogLoss: 0.68, baselineLogLoss: 0.69, production: { version: 'v3', logLoss: 0.685, sawTestBlock: false } });
    expect(better).toMatchObject({ promote: true });
    expect(better.reason).toMatch(/beats production v3/);
    const worse = promotionDecision({ candidateLogLoss: 0.686, baselineLogLoss: 0.69, production: { version: 'v3', logLoss: 0.685, sawTestBlock: false } });
    expect(worse).toMatchObject({ promote: false });
    expect(worse.reason).toMatch(/production v3 stays/);
    const tie = promotionDecision({ candidateLogLoss: 0.685, baselineLogLoss: 0.69, production: { version: 'v3', logLoss: 0.685, sawTestBlock: false } });
    expect(tie.promote).toBe(false);
  });

  it('does not judge production on data it was fitted on, and never promotes below the baseline', () => {
    const unfair = promotionDecision({ candidateLogLoss: 0.688, baselineLogLoss: 0.69, production: { version: 'v3', logLoss: 0.6, sawTestBlock: true } });
    expect(unfair.promote).toBe(true);
    expect(unfair.reason).toMatch(/fitted on part of this test block/);
    const bad = promotionDecision({ candidateLogLoss: 0.7, baselineLogLoss: 0.69, production: { version: 'v3', logLoss: 0.8, sawTestBlock: false } });
    expect(bad.promote).toBe(false);
    expect(promotionDecision({ candidateLogLoss: Number.NaN, baselineLogLoss: 0.69 }).promote).toBe(false);
  });
});

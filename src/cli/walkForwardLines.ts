import type { PeriodFigures, WalkForwardComparison } from '../backtest/walkForwardComparison.js';

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const f2 = (x: number | null) => (x === null ? '-' : x.toFixed(2));

function figures(name: string, r: PeriodFigures): string {
  return `${name.padEnd(20)} sharpe ${f2(r.sharpe).padStart(6)}  return ${pct(r.totalReturn).padStart(7)}  max drawdown ${pct(r.maxDrawdown).padStart(6)}  trades ${String(r.trades).padStart(4)}  fees ${r.fees.toFixed(2)}`;
}

/** The walk-forward's verdict as text: the ML ensemble beside the rule-based strategy, pooled and per fold, and the calibration. */
export function comparisonLines(c: WalkForwardComparison): string[] {
  const d = c.difference;
  const lines = [
    `walk-forward ${day(c.from)} .. ${day(c.to)}, traded through the engine, net of every cost:`,
    `  ${figures('ML ensemble', c.candidate)}`,
    `  ${figures('rule-based strategy', c.rule)}`,
    `  sharpe difference ${f2(d.difference)}, ${Math.round(d.level * 100)}% interval [${f2(d.low)}, ${f2(d.high)}] (stationary bootstrap, ${d.samples} samples, mean block ${d.meanBlock} bars)`,
    ...c.folds.map(
      (f, k) =>
        `  fold ${k + 1} ${day(f.from)} .. ${day(f.to)}: sharpe ${f2(f.candidate.sharpe)} vs ${f2(f.rule.sharpe)}, return ${pct(f.candidate.totalReturn)} vs ${pct(f.rule.totalReturn)}, trades ${f.candidate.trades} vs ${f.rule.trades}`,
    ),
  ];
  const k = c.calibration;
  if (k) {
    const tiers = k.tiers
      .map((t) => `${t.minConfidence > 0 ? `>= ${t.minConfidence}` : 'below'} ${pct(t.share)}${t.count ? ` (hit ${pct(t.hitRate)})` : ''}`)
      .join(', ');
    lines.push(
      `out-of-sample calibration: ${k.judged} proposed trades judged, base rate ${pct(k.baseRate)}, mean confidence ${pct(k.meanConfidence)}, ECE ${k.ece === null ? '-' : k.ece.toFixed(3)}, log loss ${k.logLoss === null ? '-' : k.logLoss.toFixed(4)} (the strategy's base rate: ${k.baseRateLogLoss === null ? '-' : k.baseRateLogLoss.toFixed(4)}), AUC ${f2(k.auc)}; tiers reached: ${tiers}; taken ${pct(k.taken)}`,
    );
  }
  return lines;
}

import type { Position } from '../domain/position.js';
import type { Protection } from '../domain/ports.js';

/** Why a protection cannot be applied (a level that is not a positive price), or undefined when it can. */
export function protectionProblem(positionId: string, protection: Protection): string | undefined {
  for (const v of [protection.stopPrice, protection.takeProfitPrice, protection.peakPrice]) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) return `protect ${positionId}: level ${v} is not a positive price`;
  }
  return undefined;
}

/** The position with its protective levels replaced: a level left out is removed. */
export function withProtection(p: Position, protection: Protection): Position {
  const { stopPrice: _s, takeProfitPrice: _t, ...rest } = p;
  return {
    ...rest,
    trailing: protection.trailing,
    peakPrice: protection.peakPrice,
    ...(protection.stopPrice !== undefined && { stopPrice: protection.stopPrice }),
    ...(protection.takeProfitPrice !== undefined && { takeProfitPrice: protection.takeProfitPrice }),
  };
}

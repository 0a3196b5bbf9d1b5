import { createHash } from 'node:crypto';
import type { Fill } from '../../domain/fill.js';

/**
 * The trade fingerprint: sha256, in lowercase hex, of the canonical text of every fill in order.
 *
 * Canonical text, version 1 (a change of this rule must change FINGERPRINT_VERSION):
 * - the line `bot-fills-v1`, then one line per fill, each line ending in "\n";
 * - a fill's line is a JSON array (JSON.stringify, no spaces) of strings, in this order:
 *   id, clientOrderId, positionId, symbol, side, quantity, price, fee, liquidity, time, effect, leverage;
 * - a number is written as the 16 lowercase hex digits of its IEEE-754 binary64 bits, big-endian
 *   (1 -> "3ff0000000000000"): exact, one text per float, no decimal rounding, -0 and 0 differ;
 * - strings are JSON-escaped, so no value can forge a separator.
 *
 * It covers what was traded, a position's adds ('increase') and partial closes each as their own fill.
 * margin, realizedPnl and cashDelta are left out: they follow from these fields and the venue's rules,
 * and an equal trade record must keep an equal fingerprint. So are financing charges: they follow from
 * the fills, the bars and the venue's financing schedule.
 */
export const FINGERPRINT_VERSION = 'bot-fills-v1';

const bits = new DataView(new ArrayBuffer(8));

/** The IEEE-754 bits of `x` as 16 hex digits. */
export function float64Hex(x: number): string {
  bits.setFloat64(0, x, false);
  return bits.getUint32(0, false).toString(16).padStart(8, '0') + bits.getUint32(4, false).toString(16).padStart(8, '0');
}

export function canonicalFill(f: Fill): string {
  const n = float64Hex;
  return JSON.stringify([
    f.id,
    f.clientOrderId,
    f.positionId,
    f.symbol,
    f.side,
    n(f.quantity),
    n(f.price),
    n(f.fee),
    f.liquidity,
    n(f.time),
    f.effect,
    n(f.leverage),
  ]);
}

/** The canonical text of `fills` (see above); what fillFingerprint hashes. */
export function canonicalFills(fills: readonly Fill[]): string {
  let text = `${FINGERPRINT_VERSION}\n`;
  for (const f of fills) text += `${canonicalFill(f)}\n`;
  return text;
}

export function fillFingerprint(fills: readonly Fill[]): string {
  const hash = createHash('sha256');
  hash.update(`${FINGERPRINT_VERSION}\n`, 'utf8');
  for (const f of fills) hash.update(`${canonicalFill(f)}\n`, 'utf8');
  return hash.digest('hex');
}

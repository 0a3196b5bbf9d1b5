import { describe, expect, it } from 'vitest';
import { Shutdown } from '../../src/internal/shutdown.js';

describe('Shutdown', () => {
  it('aborts once on SIGINT or SIGTERM, telling which, and unhooks its handlers at close', async () => {
    const seen: string[] = [];
    const before = process.listenerCount('SIGTERM');
    const s = new Shutdown((sig) => seen.push(sig));
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    expect(s.signal.aborted).toBe(true);
    expect(seen).toEqual(['SIGTERM']);
    await s.close();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('runs every cleanup, last registered first, even after one fails, then throws the first failure', async () => {
    const ran: string[] = [];
    const s = new Shutdown();
    s.defer(() => void ran.push('lock released'));
    s.defer(() => {
      ran.push('store closed');
      throw new Error('close failed');
    });
    s.defer(async () => void ran.push('server closed'));
    await expect(s.close()).rejects.toThrow('close failed');
    expect(ran).toEqual(['server closed', 'store closed', 'lock released']);
    await s.close();
    expect(ran).toHaveLength(3);
  });
});

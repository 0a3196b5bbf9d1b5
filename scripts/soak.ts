/**
 * The live daemon's soak: many kill -9s and a seeded fault plan of every kind, against the Kraken
 * emulator (in this process, so it outlives every daemon killed), then one clean run to the end.
 * Prints the figures as JSON: kills, faults by kind, orders sent, duplicates, fills lost.
 *
 *   npm run build && npx tsx scripts/soak.ts [--kills 20] [--seed 7] [--iterations 150]
 *     [--speed 7200] [--interval 0.05] [--no-faults] [--keep]
 *
 * Exits 0 when duplicates and fills lost are 0 and the store equals the account; 1 otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seededRng } from '../src/domain/random.js';
import { FAULT_KINDS, type FaultPlan } from '../test/support/kraken/index.js';
import { auditLive, databaseOf, faultsByKind, liveArgs, runAndKill, runToEnd, startLiveEmulator, writeLiveHome } from '../test/daemon/liveHarness.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    seed: { type: 'string', default: '7' },
    iterations: { type: 'string', default: '150' },
    speed: { type: 'string', default: String(2 * 3600) },
    interval: { type: 'string', default: '0.05' },
    'no-faults': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const kills = Number(values.kills);
const seed = Number(values.seed);
const iterations = Number(values.iterations);
const interval = Number(values.interval);

/** Every kind on every private route and on the market data the loop polls; partial fills on AddOrder only. */
export function soakFaultPlan(seedValue: number): FaultPlan {
  const each = { http5xx: 0.01, http429: 0.01, krakenError: 0.01, slow: 0.005, acceptedSlow: 0.005, acceptedDropped: 0.005, malformed: 0.01 };
  return {
    seed: seedValue,
    slowMs: 2500,
    routes: {
      'private/AddOrder': { ...each, http5xx: 0.04, acceptedSlow: 0.04, acceptedDropped: 0.04, partialFill: 0.15 },
      'public/OHLC': each,
      'public/Time': each,
      '*': each,
    },
  };
}

const started = Date.now();
const rng = seededRng(seed);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-soak-'));
const emu = await startLiveEmulator({ seed, ...(values['no-faults'] ? {} : { faultPlan: soakFaultPlan(seed) }), speed: Number(values.speed) });
writeLiveHome(home, emu, { timeoutMs: 1500 });

const exits: Record<string, number> = {};
const count = (key: string) => (exits[key] = (exits[key] ?? 0) + 1);
let performed = 0;
let fatal: string | undefined;
try {
  for (let round = 0; round < kills && !fatal; round++) {
    const r = await runAndKill(liveArgs(home, 1_000_000, interval), emu, rng, { minMs: 1500, maxMs: 6000 });
    if (r.killed) {
      performed++;
      count(`killed after ${r.trigger}`);
    } else {
      count(`exit ${r.code}`);
      // 75: the exchange was unreachable (a fault at start-up); a supervisor would start it again.
      if (r.code !== 75) fatal = r.stderr.split('\n').slice(-12).join('\n');
    }
    process.stderr.write(`round ${round + 1}/${kills}: ${r.killed ? `kill -9 (${r.trigger})` : `exit ${r.code}`}\n`);
  }
  // The last run, to its end; its start-up reconciles whatever the last kill left behind.
  let last = { code: null as number | null, stderr: '' };
  for (let attempt = 0; attempt < 5 && !fatal; attempt++) {
    last = await runToEnd(liveArgs(home, iterations, interval));
    count(`final exit ${last.code}`);
    if (last.code !== 75) break;
  }
  if (last.code !== 0 && !fatal) fatal = last.stderr.split('\n').slice(-12).join('\n');

  const audit = auditLive(emu, databaseOf(home));
  const figures = {
    seed,
    seconds: Math.round((Date.now() - started) / 1000),
    killsPerformed: performed,
    exits,
    faultsInjected: faultsByKind(emu),
    faultKindsCovered: FAULT_KINDS.filter((k) => (faultsByKind(emu)[k] ?? 0) > 0).length,
    ordersSent: emu.requestsTo('private/AddOrder').filter((r) => r.status === 200 && r.error === undefined).length,
    addOrderRequests: audit.addOrderRequests,
    ordersBooked: audit.ordersBooked,
    duplicates: audit.duplicatesBooked.length,
    resentClientIds: audit.duplicatesSent.length,
    exchangeTrades: audit.exchangeTrades,
    storeFills: audit.storeFills,
    fillsLost: audit.fillsLost.length,
    fillsInvented: audit.fillsInvented.length,
    usd: audit.usd,
    positions: audit.positions,
    unresolvedOrders: audit.unresolved,
    emulatedHours: Math.round((emu.now() - Date.parse('2024-03-04T00:30:00Z')) / 3_600_000),
    ...(fatal && { fatal }),
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  const ok =
    !fatal &&
    figures.duplicates === 0 &&
    figures.resentClientIds === 0 &&
    figures.fillsLost === 0 &&
    figures.fillsInvented === 0 &&
    Math.abs(audit.usd.store - audit.usd.exchange) < 0.01 &&
    JSON.stringify(audit.positions.store) === JSON.stringify(audit.positions.exchange);
  process.exitCode = ok ? 0 : 1;
} finally {
  await emu.close();
  if (!values.keep) fs.rmSync(home, { recursive: true, force: true });
  else process.stderr.write(`home kept: ${home}\n`);
}

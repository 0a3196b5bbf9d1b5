/**
 * The live daemon's soak: many kill -9s and a seeded fault plan of every kind, against the Kraken
 * emulator of the venue (spot, or Kraken Futures with --venue kraken-futures; in this process, so it
 * outlives every daemon killed), then one clean run to the end.
 * Prints the figures as JSON: kills (how many landed in the loop, how many with an order in flight),
 * faults by kind, orders sent, duplicates, fills lost, unresolved orders, and the books checked mid-run.
 *
 *   npm run build && npx tsx scripts/soak.ts [--venue kraken-spot|kraken-futures] [--kills 20] [--seed 7]
 *     [--iterations 150] [--speed 7200] [--interval 0.05] [--check-every 5] [--no-faults] [--keep]
 *
 * Kills are timed from each daemon's first heartbeat, so they land in the loop however slow start-up is.
 * The books are checked mid-run: after every kill, what must hold at any moment (nothing sent or booked
 * twice, no invented fill, every equity point explained); and every `--check-every`-th round stops the
 * daemon cleanly (SIGTERM) instead, after which the store must equal the account in full (an order lost
 * within its grace may still be unknown then: counted, and resolved by the end).
 *
 * Exits 0 when nothing was sent or booked twice, no fill was lost or invented, no order is left
 * unresolved at the end and every check of the books, mid-run and at the end, found the store equal to
 * the account.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seededRng } from '../src/domain/random.js';
import { FAULT_KINDS } from '../test/support/kraken/index.js';
import { waitFor } from '../test/support/botProcess.js';
import { databaseOf, faultsByKind, runAndKill, runToEnd, type KillRound } from '../test/daemon/liveHarness.js';
import { futuresSoak, spotSoak } from '../test/daemon/soakTargets.js';

const { values } = parseArgs({
  options: {
    venue: { type: 'string', default: 'kraken-spot' },
    kills: { type: 'string', default: '20' },
    seed: { type: 'string', default: '7' },
    iterations: { type: 'string', default: '150' },
    speed: { type: 'string', default: String(2 * 3600) },
    interval: { type: 'string', default: '0.05' },
    'check-every': { type: 'string', default: '5' },
    'no-faults': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
if (values.venue !== 'kraken-spot' && values.venue !== 'kraken-futures') {
  process.stderr.write(`--venue ${values.venue} is not a venue: expected kraken-spot or kraken-futures\n`);
  process.exit(2);
}
const kills = Number(values.kills);
const seed = Number(values.seed);
const iterations = Number(values.iterations);
const interval = Number(values.interval);
const speed = Number(values.speed);
const checkEvery = Number(values['check-every']);
const faults = !values['no-faults'];
/** Wall ms after its request that an order booked late is booked. */
const LATE_MS = 3000;

const started = Date.now();
const rng = seededRng(seed);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-soak-'));
const database = databaseOf(home);
// The grace of an unknown order runs on the exchange's clock, which the emulator runs `speed` times
// faster: about 30 wall seconds of it outlast a late booking and a restart or two.
const grace = Math.min(7 * 86_400, Math.max(120, Math.round((speed * 30_000) / 1000)));
const setup = { home, database, seed, speed, faults, graceSeconds: grace, lateMs: LATE_MS, usdTolerance: 0.01 };
const target = values.venue === 'kraken-futures' ? await futuresSoak(setup) : await spotSoak(setup);
const { emu } = target;

const exits: Record<string, number> = {};
const count = (key: string) => (exits[key] = (exits[key] ?? 0) + 1);
const rounds: { readonly clean: boolean; readonly round: KillRound }[] = [];
const booksDiffer: { round: number; after: 'kill' | 'stop'; differences: string[] }[] = [];
let booksChecked = 0;
/** Orders lost within their grace at a clean stop: not a difference, but resolved by the end. */
let unresolvedAtCleanStops = 0;
let fatal: string | undefined;

/** A daemon's reason to stop: its error and what it found (a refusal's differences), not its whole log. */
function whyItStopped(stderr: string): string {
  const lines = stderr.split('\n');
  const found = lines.findIndex((l) => /reconciliation found/.test(l));
  const differences =
    found < 0
      ? []
      : lines.slice(found, found + 1).concat(
          lines
            .slice(found + 1)
            .filter((l) => /^\s*- |unexplained|differ/.test(l))
            .slice(0, 20),
        );
  return [...differences, ...lines.slice(-12)].join('\n');
}

/** The books, mid-run: in full after a clean stop, what holds at every moment after a kill. */
function checkBooks(round: number, after: 'kill' | 'stop'): void {
  booksChecked++;
  if (after === 'stop') unresolvedAtCleanStops += target.unresolved();
  const differences = target.differences(after).filter((d) => after === 'kill' || !/left unresolved/.test(d));
  if (differences.length > 0) booksDiffer.push({ round, after, differences });
}

try {
  for (let round = 1; round <= kills && !fatal; round++) {
    const clean = checkEvery > 0 && round % checkEvery === 0;
    // A clean stop is checked in full: no late booking may be pending then (one would show as a
    // difference that is only a matter of time), so none is started in this round.
    if (clean && faults) {
      emu.setFaultPlan(target.faultPlan(seed + round, false));
      await waitFor(() => emu.lateRequests === 0, LATE_MS * 4, 50).catch(() => undefined);
    }
    const r = await runAndKill(target.args(1_000_000, interval), emu, rng, {
      home,
      minMs: 500,
      maxMs: 6000,
      env: target.env,
      orderRoute: target.orderRoute,
      ...(clean && { signal: 'SIGTERM' as const }),
    });
    if (clean && faults) emu.setFaultPlan(target.faultPlan(seed + round, true));
    rounds.push({ clean, round: r });
    if (r.killed && !clean) {
      count(`killed after ${r.trigger}`);
      checkBooks(round, 'kill');
    } else if (r.killed && r.code === 0) {
      count('clean stop');
      checkBooks(round, 'stop');
    } else {
      count(`exit ${r.code}`);
      // 75: the exchange was unreachable (a fault at start-up); a supervisor would start it again.
      if (r.code !== 75) fatal = whyItStopped(r.stderr);
    }
    process.stderr.write(
      `round ${round}/${kills}: ${clean ? 'SIGTERM' : 'kill -9'} ${r.killed ? `${r.trigger}, ${r.midRun ? 'mid-run' : 'in start-up'}, ${r.inFlight} in flight` : `exit ${r.code}`}\n`,
    );
  }
  // The last run, to its end; its start-up reconciles whatever the last kill left behind.
  if (faults) emu.setFaultPlan(target.faultPlan(seed + kills + 1, false));
  let last = { code: null as number | null, stderr: '' };
  for (let attempt = 0; attempt < 5 && !fatal; attempt++) {
    last = await runToEnd(target.args(iterations, interval), target.env);
    count(`final exit ${last.code}`);
    if (last.code !== 75) break;
  }
  if (last.code !== 0 && !fatal) fatal = whyItStopped(last.stderr);
  // An order lost near the end is still within its grace at the last stop (unknown, looked up at every
  // sync): once the grace has passed on the exchange's clock, one short run without faults resolves it,
  // as the next start of a real daemon would.
  const unresolvedAtLastStop = target.unresolved();
  if (!fatal && unresolvedAtLastStop > 0) {
    emu.setFaultPlan(undefined);
    const until = emu.now() + grace * 1000;
    await waitFor(() => emu.now() > until, (grace * 1000) / speed + 60_000, 100);
    const settle = await runToEnd(target.args(1, interval), target.env);
    count(`settling exit ${settle.code}`);
    if (settle.code !== 0) fatal = whyItStopped(settle.stderr);
  }

  const differences = target.differences('end');
  const killed = rounds.filter((r) => !r.clean && r.round.killed).map((r) => r.round);
  const figures = {
    venue: values.venue,
    seed,
    seconds: Math.round((Date.now() - started) / 1000),
    killsPerformed: killed.length,
    killsMidRun: killed.filter((r) => r.midRun).length,
    killsWithOrderInFlight: killed.filter((r) => r.inFlight > 0).length,
    cleanStopsMidRun: rounds.filter((r) => r.clean && r.round.killed && r.round.code === 0).length,
    exits,
    faultsInjected: faultsByKind(emu),
    faultKindsCovered: FAULT_KINDS.filter((k) => (faultsByKind(emu)[k] ?? 0) > 0).length,
    ...target.figures(),
    unresolvedAtCleanStops,
    unresolvedAtLastStop,
    unresolvedOrders: target.unresolved(),
    booksCheckedMidRun: booksChecked,
    booksDifferMidRun: booksDiffer,
    differencesAtEnd: differences,
    emulatedHours: Math.round((emu.now() - Date.parse('2024-03-04T00:30:00Z')) / 3_600_000),
    ...(fatal && { fatal }),
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.exitCode = !fatal && differences.length === 0 && booksDiffer.length === 0 ? 0 : 1;
} finally {
  await emu.close();
  if (!values.keep) fs.rmSync(home, { recursive: true, force: true });
  else process.stderr.write(`home kept: ${home}\n`);
}

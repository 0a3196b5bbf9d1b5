import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homePaths } from '../../src/runtime/home.js';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { waitFor } from '../support/botProcess.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { startTelegramServer, type TelegramServer } from '../support/telegramServer.js';
import { trainedHome, type TrainedHome } from '../support/trainedHome.js';

const V1 = 'ensemble/SOL-USD/v1';
const V2 = 'ensemble/SOL-USD/v2';

interface Row {
  barTime: number;
  model: string | null;
}
interface PositionRow {
  id: string;
  side: 'long' | 'short';
  entry_price: number;
  stop_price: number | null;
  status: string;
}

describe.skipIf(!hasSharedData)(`a running daemon switches to a new production ensemble at the next bar ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  let home: TrainedHome;
  let store: Store;
  let hooks: TelegramServer;
  beforeAll(async () => {
    home = await trainedHome([42, 7]);
    store = Store.open(homePaths(home.dir).database, { readonly: true });
    hooks = await startTelegramServer('ok');
  }, 300_000);
  afterAll(async () => {
    store?.close();
    home?.cleanup();
    await hooks?.close();
  });

  it('rule-based, then v1, then v2 without a restart: each decision names the version that made it; open positions keep their stops; drift is checked on the feed clock', async () => {
    const decisions = () => store.db.prepare('SELECT bar_time AS barTime, model FROM decisions ORDER BY bar_time, id').all() as Row[];
    const positions = () => store.db.prepare('SELECT id, side, entry_price, stop_price, status FROM positions').all() as PositionRow[];
    const running = runBot([...home.h, 'run', '--sandbox', '--feed', 'replay', '--from', '2025-02-01', '--iterations', '900', '--interval', '0.02'], {
      BOT_WEBHOOK_URL: `${hooks.url}/webhook`,
    });
    // The rule-based strategy trades until a position is open.
    await waitFor(() => positions().some((p) => p.status === 'open'), 120_000, 50);
    const openAtSwitch = positions().filter((p) => p.status === 'open');
    expect((await runBot([...home.h, 'models', 'promote', V1])).code).toBe(0);
    await waitFor(() => decisions().some((d) => d.model === V1), 120_000, 50);
    // The position's stop is the venue's, untouched by the switch: same entry, a stop that only trailed.
    for (const before of openAtSwitch) {
      const now = positions().find((p) => p.id === before.id)!;
      expect(now.entry_price).toBe(before.entry_price);
      expect(now.stop_price).not.toBeNull();
      if (now.status === 'open') expect(before.side === 'long' ? now.stop_price! >= before.stop_price! : now.stop_price! <= before.stop_price!).toBe(true);
    }
    expect((await runBot([...home.h, 'models', 'promote', V2, '--reason', 'a better seed'])).code).toBe(0);
    const run = await running;
    expect(run.code, run.stderr).toBe(0);

    const all = decisions();
    const order = all.map((d) => d.model).filter((m, i, a) => i === 0 || m !== a[i - 1]);
    expect(order).toEqual([null, V1, V2]);
    const firstV2 = all.find((d) => d.model === V2)!.barTime;
    expect(all.filter((d) => d.model !== V2 && d.barTime >= firstV2)).toEqual([]);

    // Drift was checked on the feed's clock, for the model in charge; status shows it.
    const status = JSON.parse((await runBot([...home.h, 'status', '--json'])).stdout) as {
      models: { asset: string; model: string | null; drift: string | null; checkedAt: string }[];
    };
    expect(status.models).toEqual([expect.objectContaining({ asset: 'SOL/USD', model: V2, drift: expect.stringMatching(/^(ok|warning|drifted|unknown)$/) })]);
    expect(Date.parse(status.models[0]!.checkedAt)).toBeLessThan(Date.parse('2025-06-01'));
    const drift = JSON.parse((await runBot([...home.h, 'models', 'drift', '--asset', 'SOL/USD', '--json'])).stdout) as {
      assets: { modelId: string; input: { features: { feature: string; psi: number }[] }; predictions: { judged: number }; level: string }[];
    };
    const d = drift.assets[0]!;
    expect(d.modelId).toBe(V2);
    expect(d.input.features.length).toBeGreaterThan(20);
    expect(d.input.features.every((f) => Number.isFinite(f.psi))).toBe(true);
    // V2's own proposals whose horizon has passed by the end of the replay, judged.
    expect(d.predictions.judged).toBeGreaterThan(0);

    // Each change of drift state was told: at least the first state of each model that was checked.
    const events = hooks.webhooks.flatMap((b) => (b as { events: { kind: string; text: string; fields?: { model?: string; to?: string } }[] }).events);
    const drifts = events.filter((e) => e.kind === 'drift');
    expect(drifts.length).toBeGreaterThan(0);
    for (const e of drifts) expect([V1, V2]).toContain(e.fields?.model);
    expect(drifts.at(-1)?.fields).toMatchObject({ model: V2, to: status.models[0]!.drift });
    expect(drifts[0]?.text).toMatch(/^\[bot paper\] SOL\/USD: model ensemble\/SOL-USD\/v\d drift new → (ok|warning|drifted) \(/);
  }, 400_000);
});

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { startTelegramServer } from '../support/telegramServer.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const TOKEN = '987654321:AAEnotARealTokenJustForTheTests';
const ITERATIONS = 120;
const webhookBody = z.object({ text: z.string(), events: z.array(z.object({ kind: z.string(), time: z.string(), text: z.string() })) });

/**
 * `bot run` on a replay of real SOL hours with Telegram and a webhook on, both played by a loopback server:
 * what they are told, and that an endpoint that never answers does not slow the loop down by one iteration.
 */
describe.skipIf(!hasSharedData)(`bot run with notifications ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome('bot-notify-');
  afterAll(home.cleanup);
  const h = ['--home', home.dir];
  const replay = ['run', '--feed', 'replay', '--assets', 'SOL/USD', '--from', '2024-01-01', '--iterations', String(ITERATIONS), '--interval', '0', '--reset'];

  beforeAll(async () => {
    // From mid-2023 on: enough history for the strategy's warm-up, and a quick import.
    const lines = fs.readFileSync(sharedFile('binance', 'SOL-USDT_1h.csv'), 'utf8').trimEnd().split('\n');
    const kept = lines.filter((l, i) => i === 0 || (Number(l.split(',')[0]) >= Date.UTC(2023, 6, 1) && Number(l.split(',')[0]) < Date.UTC(2024, 2, 1)));
    const csv = path.join(home.dir, 'sol.csv');
    fs.writeFileSync(csv, `${kept.join('\n')}\n`);
    const r = await runBot([...h, 'data', 'import', csv, '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(r.code, r.stderr).toBe(0);
  });

  const configure = (url: string, timeoutMs: number) =>
    writeHomeConfig(home.dir, `notify:\n  timeoutMs: ${timeoutMs}\n  telegram:\n    chatId: -1001234\n    apiUrl: ${url}\n`);

  it('Telegram and the webhook hear of the start, the fills, each day, and the stop', async () => {
    const tg = await startTelegramServer('ok');
    try {
      configure(tg.url, 5000);
      const r = await runBot([...h, ...replay], { TELEGRAM_BOT_TOKEN: TOKEN, BOT_WEBHOOK_URL: `${tg.url}/webhook` });
      expect(r.code, r.stderr).toBe(0);
      expect(tg.messages.length).toBeGreaterThan(0);
      expect(tg.messages.every((m) => m.token === TOKEN && m.chatId === -1001234)).toBe(true);
      const said = tg.messages.map((m) => m.text).join('\n\n');
      expect(said).toMatch(/^\[bot paper\] started: epoch \d+, SOL\/USD on 1h/);
      expect(said).toMatch(/\[bot paper\] opened SOL\/USD: buy [\d.]+ @ \d+\.\d\d, fee/);
      expect(said).toMatch(/\[bot paper\] daily summary to 2024-01-0\d 00:00 UTC: equity/);
      expect(said).toMatch(/\[bot paper\] stopped \(iterations\) after 120 iterations: equity/);
      const kinds = tg.webhooks.flatMap((b) => webhookBody.parse(b).events.map((e) => e.kind));
      for (const kind of ['start', 'fill', 'daily_summary', 'stop']) expect(kinds).toContain(kind);
      expect(kinds.length).toBe(tg.messages.reduce((n, m) => n + m.text.split('\n\n').length, 0));
    } finally {
      await tg.close();
    }
  });

  it('an endpoint that never answers: every iteration runs and is saved while its first request is still open', async () => {
    const tg = await startTelegramServer('stall');
    try {
      // A delivery may take a minute: had the loop waited for one, it could not have finished.
      configure(tg.url, 60_000);
      const r = await runBot([...h, ...replay], { TELEGRAM_BOT_TOKEN: TOKEN, BOT_WEBHOOK_URL: `${tg.url}/webhook` });
      expect(r.code, r.stderr).toBe(0);
      expect(tg.held()).toBeGreaterThan(0);
      expect(tg.answered()).toBe(0);
      const db = new Database(path.join(home.dir, 'bot.db'), { readonly: true });
      try {
        const epoch = (db.prepare('SELECT MAX(id) AS id FROM epochs').get() as { id: number }).id;
        expect((db.prepare('SELECT COUNT(*) AS n FROM equity_snapshots WHERE epoch_id = ?').get(epoch) as { n: number }).n).toBe(ITERATIONS);
      } finally {
        db.close();
      }
    } finally {
      await tg.close();
    }
  });

  it('an endpoint that fails every request: the daemon runs to its end all the same', async () => {
    const tg = await startTelegramServer('fail');
    try {
      configure(tg.url, 5000);
      const r = await runBot([...h, ...replay], { TELEGRAM_BOT_TOKEN: TOKEN });
      expect(r.code, r.stderr).toBe(0);
      expect(tg.answered()).toBeGreaterThan(0);
    } finally {
      await tg.close();
    }
  });

  it('a token without a chat id is refused before anything starts (exit 2)', async () => {
    writeHomeConfig(home.dir, '');
    const r = await runBot([...h, ...replay], { TELEGRAM_BOT_TOKEN: TOKEN });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/notify\.telegram\.chatId/);
    expect(r.stderr).not.toContain(TOKEN);
  });
});

import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { IterationReport } from '../../src/daemon/heartbeat.js';
import { createLogger, silentLogger } from '../../src/internal/logger.js';
import { daemonNotifications } from '../../src/notify/daemonNotifications.js';
import { Notifier } from '../../src/notify/notifier.js';
import { notifierFromConfig } from '../../src/notify/notifierFromConfig.js';
import { telegramChannel } from '../../src/notify/telegram.js';
import { NOTIFY_EVENTS, type NotifyEventKind } from '../../src/notify/events.js';
import { startTelegramServer, type TelegramServer } from '../support/telegramServer.js';
import { thrown } from '../support/thrown.js';
import { UserError } from '../../src/internal/errors.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_xyz';
const servers: TelegramServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function server(behaviour: 'ok' | 'stall' | 'fail' = 'ok'): Promise<TelegramServer> {
  const s = await startTelegramServer(behaviour);
  servers.push(s);
  return s;
}
const ALL = new Set<NotifyEventKind>(NOTIFY_EVENTS);

async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(what()).toBe(true);
}

describe('the notifier: queued, one delivery at a time, rate limited, batched', () => {
  it('sends the first event at once; what arrives meanwhile goes out as one message; past the limit it waits', async () => {
    const tg = await server();
    const n = new Notifier({
      channels: [telegramChannel(tg.url, TOKEN, 42)],
      events: ALL,
      maxPerMinute: 2,
      timeoutMs: 5000,
      logger: silentLogger,
      now: () => 0,
    });
    for (let i = 1; i <= 5; i++) n.notify({ kind: 'fill', time: i, text: `fill ${i}` });
    await until(() => tg.messages.length === 2);
    expect(tg.messages.map((m) => m.text)).toEqual(['fill 1', 'fill 2\n\nfill 3\n\nfill 4\n\nfill 5']);
    expect(tg.messages.every((m) => m.token === TOKEN && m.chatId === 42)).toBe(true);
    n.notify({ kind: 'fill', time: 6, text: 'fill 6' });
    await n.close(50);
    expect(tg.messages).toHaveLength(2);
  });

  it('sends only the kinds the config lists', async () => {
    const tg = await server();
    const n = new Notifier({
      channels: [telegramChannel(tg.url, TOKEN, 42)],
      events: new Set(['stop']),
      maxPerMinute: 10,
      timeoutMs: 5000,
      logger: silentLogger,
    });
    n.notify({ kind: 'fill', time: 1, text: 'a fill' });
    n.notify({ kind: 'stop', time: 2, text: 'stopped' });
    await n.close(5000);
    expect(tg.messages.map((m) => m.text)).toEqual(['stopped']);
  });

  it('a stalled endpoint holds nothing up: notify returns at once, close gives up after its grace', async () => {
    const tg = await server('stall');
    const n = new Notifier({ channels: [telegramChannel(tg.url, TOKEN, 42)], events: ALL, maxPerMinute: 100, timeoutMs: 60_000, logger: silentLogger });
    for (let i = 0; i < 50; i++) n.notify({ kind: 'fill', time: i, text: `fill ${i}` });
    await until(() => tg.held() === 1);
    await n.close(20);
    expect(tg.answered()).toBe(0);
  });

  it('a failing endpoint is logged with the token redacted, wherever the answer echoes it', async () => {
    const tg = await server('fail');
    const out = new PassThrough();
    let logged = '';
    out.on('data', (c: Buffer) => (logged += c.toString('utf8')));
    const logger = createLogger({ destination: out, pretty: false, level: 'debug' });
    const n = notifierFromConfig(
      { events: [...NOTIFY_EVENTS], maxPerMinute: 10, timeoutMs: 5000, dailySummaryHourUtc: 0, telegram: { chatId: 42, apiUrl: tg.url } },
      { TELEGRAM_BOT_TOKEN: TOKEN },
      logger,
    );
    n.notify({ kind: 'error', time: 0, text: 'boom' });
    await n.close(5000);
    await until(() => logged.includes('notification not delivered'));
    expect(logged).toContain('[redacted]');
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain(TOKEN.split(':')[1]);
  });

  it('half a Telegram setup is refused: a token without a chat, or a chat without a token', () => {
    const config = {
      events: [...NOTIFY_EVENTS],
      maxPerMinute: 10,
      timeoutMs: 5000,
      dailySummaryHourUtc: 0,
      telegram: { chatId: null, apiUrl: 'http://127.0.0.1:1' },
    };
    expect(thrown(() => notifierFromConfig(config, { TELEGRAM_BOT_TOKEN: TOKEN }, silentLogger), UserError).message).toMatch(/chatId/);
    expect(thrown(() => notifierFromConfig({ ...config, telegram: { ...config.telegram, chatId: 7 } }, {}, silentLogger), UserError).message).toMatch(
      /TELEGRAM_BOT_TOKEN/,
    );
    expect(notifierFromConfig(config, {}, silentLogger).enabled).toBe(false);
  });
});

describe("the daemon's iterations as messages", () => {
  const H = 3_600_000;
  const day = Date.UTC(2024, 0, 1);
  const report = (i: number, over: Partial<IterationReport> = {}): IterationReport => ({
    iteration: i,
    time: day + i * H,
    newBars: 1,
    equity: 1000 + i,
    cash: 500,
    drawdown: 0,
    positions: 1,
    openOrders: 0,
    latencyMs: 1,
    ...over,
  });

  it('the kill switch halting and releasing entries, a stop-out, and a summary when the day turns', async () => {
    const tg = await server();
    const notifier = new Notifier({ channels: [telegramChannel(tg.url, TOKEN, 42)], events: ALL, maxPerMinute: 100, timeoutMs: 5000, logger: silentLogger });
    const observer = daemonNotifications({ notifier, mode: 'paper', dailySummaryHourUtc: 0, price: (_s, v) => v.toFixed(2), amount: (_s, v) => String(v) });
    observer.iteration(report(1));
    observer.iteration(report(2, { halted: 'daily loss 5.2% >= 5%' }));
    await until(() => tg.messages.length === 1);
    const stop = {
      id: 'f',
      clientOrderId: 'o',
      positionId: 'p',
      symbol: 'SOL/USD',
      side: 'sell' as const,
      quantity: 2,
      price: 95,
      fee: 0.5,
      liquidity: 'taker' as const,
      time: day + 3 * H,
      effect: 'stop' as const,
      leverage: 1,
      margin: 200,
      realizedPnl: -10,
      cashDelta: 189.5,
    };
    observer.iteration(report(3, { halted: 'daily loss 5.2% >= 5%', outcome: { fills: [stop] } as unknown as IterationReport['outcome'] }));
    observer.iteration(report(24));
    await notifier.close(5000);
    const texts = tg.messages.map((m) => m.text).join('\n\n');
    expect(texts).toMatch(/KILL SWITCH: new entries halted \(daily loss 5\.2% >= 5%\)/);
    expect(texts).toMatch(/STOPPED OUT SOL\/USD: sell 2 @ 95\.00, fee 0\.50, P&L -10\.00/);
    expect(texts).toMatch(/kill switch released/);
    expect(texts).toMatch(/daily summary to 2024-01-02 00:00 UTC: equity 1,024\.00 \(\+23\.00, 2\.30%\), cash 500\.00, 1 open position, 1 fills, fees 0\.50/);
  });
});

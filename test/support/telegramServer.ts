import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with a request: answer as Telegram does, hold it unanswered, or fail it. */
export type TelegramBehaviour = 'ok' | 'stall' | 'fail';

export interface TelegramMessage {
  readonly token: string;
  readonly chatId: unknown;
  readonly text: string;
}

export interface TelegramServer {
  readonly url: string;
  /** sendMessage calls, as received. */
  readonly messages: TelegramMessage[];
  /** JSON bodies POSTed to /webhook. */
  readonly webhooks: unknown[];
  /** Requests received and not answered yet (stall). */
  readonly held: () => number;
  /** Requests answered. */
  readonly answered: () => number;
  behaviour: TelegramBehaviour;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that plays Telegram's Bot API (POST /bot<token>/sendMessage, JSON
 * { chat_id, text } in, { ok, result } out) and takes webhook POSTs on /webhook. `stall` holds every
 * request open until close; `fail` answers 500 with Telegram's error shape, echoing the path it was
 * called on (as a careless proxy might), to check that the token never reaches a log.
 */
export async function startTelegramServer(behaviour: TelegramBehaviour = 'ok'): Promise<TelegramServer> {
  const messages: TelegramMessage[] = [];
  const webhooks: unknown[] = [];
  let held = 0;
  let answered = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const state = api.behaviour;
      if (state === 'stall') {
        held++;
        return;
      }
      const path = req.url ?? '/';
      const m = /^\/bot([^/]+)\/sendMessage$/.exec(path);
      if (state === 'fail') {
        answered++;
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: false, error_code: 500, description: `Internal Server Error at ${path}` }));
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      answered++;
      if (path === '/webhook' && req.method === 'POST') {
        webhooks.push(parsed);
        res.writeHead(204).end();
        return;
      }
      const msg = parsed as { chat_id?: unknown; text?: unknown } | undefined;
      if (!m || req.method !== 'POST' || typeof msg?.text !== 'string') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
        return;
      }
      messages.push({ token: decodeURIComponent(m[1]!), chatId: msg.chat_id, text: msg.text });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, result: { message_id: messages.length, chat: { id: msg.chat_id }, text: msg.text } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api: TelegramServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    webhooks,
    held: () => held,
    answered: () => answered,
    behaviour,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}

import { z } from 'zod';
import type { NotifyChannel } from './channel.js';

/** Telegram refuses longer messages. */
export const TELEGRAM_MAX_CHARS = 4096;

const answer = z.object({ ok: z.boolean(), description: z.string().optional() });

/**
 * Telegram's Bot API sendMessage to one chat. The token (TELEGRAM_BOT_TOKEN, from the environment only) is
 * part of the URL path, as the API wants it; it is registered as a secret, so no log line can show it.
 */
export function telegramChannel(apiUrl: string, token: string, chatId: string | number): NotifyChannel {
  const url = `${apiUrl.replace(/\/+$/, '')}/bot${token}/sendMessage`;
  return {
    name: 'telegram',
    send: async (text, _events, signal) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: chatId, text: text.slice(0, TELEGRAM_MAX_CHARS), disable_web_page_preview: true }),
        signal,
      });
      const body = answer.safeParse(await res.json().catch(() => undefined));
      if (!res.ok || !body.success || !body.data.ok) {
        throw new Error(`Telegram sendMessage: HTTP ${res.status}${body.success && body.data.description ? `: ${body.data.description}` : ''}`);
      }
    },
  };
}

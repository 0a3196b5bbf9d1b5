import { postJson, type NotifyChannel } from './channel.js';

/**
 * A JSON POST to a URL of the user's (BOT_WEBHOOK_URL: such URLs often carry a secret, so never from a
 * config file): `{ text, events: [{ kind, time, text, fields }] }`. `text` is what chat services show.
 */
export function webhookChannel(url: string): NotifyChannel {
  return {
    name: 'webhook',
    send: (text, events, signal) => postJson(url, { text, events }, signal),
  };
}

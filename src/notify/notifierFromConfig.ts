import type { NotifyConfig } from '../config/schema.js';
import { UserError } from '../internal/errors.js';
import { registerSecret, type Logger } from '../internal/logger.js';
import type { NotifyChannel } from './channel.js';
import { Notifier } from './notifier.js';
import { telegramChannel } from './telegram.js';
import { webhookChannel } from './webhook.js';

export const TELEGRAM_TOKEN_VAR = 'TELEGRAM_BOT_TOKEN';
export const WEBHOOK_URL_VAR = 'BOT_WEBHOOK_URL';

/**
 * The channels the environment turns on: Telegram with TELEGRAM_BOT_TOKEN and notify.telegram.chatId, a
 * webhook with BOT_WEBHOOK_URL. Both secrets are registered first, so no log line or error shows them.
 * Half a Telegram setup (a token without a chat, or the reverse) is refused: it would fail silently.
 */
export function notifierFromConfig(config: NotifyConfig, env: NodeJS.ProcessEnv, logger: Logger): Notifier {
  const token = env[TELEGRAM_TOKEN_VAR]?.trim() || undefined;
  const webhook = env[WEBHOOK_URL_VAR]?.trim() || undefined;
  registerSecret(token);
  registerSecret(webhook);
  const channels: NotifyChannel[] = [];
  const chatId = config.telegram.chatId;
  if (token !== undefined && chatId === null) {
    throw new UserError(`${TELEGRAM_TOKEN_VAR} is set but notify.telegram.chatId is not: Telegram needs both`, {
      hint: 'set notify.telegram.chatId in the config (or BOT__NOTIFY__TELEGRAM__CHATID), or unset the token',
    });
  }
  if (token === undefined && chatId !== null) {
    throw new UserError(`notify.telegram.chatId is set but ${TELEGRAM_TOKEN_VAR} is not: Telegram needs both`, {
      hint: `export ${TELEGRAM_TOKEN_VAR}=... (the token from @BotFather; never in a config file), or set chatId to null`,
    });
  }
  if (token !== undefined && chatId !== null) channels.push(telegramChannel(config.telegram.apiUrl, token, chatId));
  if (webhook !== undefined) {
    if (!/^https?:\/\/[^\s]+$/.test(webhook)) throw new UserError(`${WEBHOOK_URL_VAR} is not an http(s) URL`, { hint: 'e.g. https://hooks.example.com/...' });
    channels.push(webhookChannel(webhook));
  }
  return new Notifier({
    channels,
    events: new Set(config.events),
    maxPerMinute: config.maxPerMinute,
    timeoutMs: config.timeoutMs,
    logger: logger.child('notify'),
  });
}

import { UserError } from '../internal/errors.js';
import { registerSecret } from '../internal/logger.js';
import type { Credentials } from '../runtime/exchangeConnection.js';

export const API_KEY_VAR = 'KRAKEN_API_KEY';
export const API_SECRET_VAR = 'KRAKEN_API_SECRET';

/**
 * The Kraken API key and secret, from the environment only (the config schema refuses them). Both are
 * registered with the logger first, so neither can appear in any log line from here on.
 */
export function liveCredentials(env: NodeJS.ProcessEnv): Credentials {
  const apiKey = env[API_KEY_VAR]?.trim() ?? '';
  const secret = env[API_SECRET_VAR]?.trim() ?? '';
  registerSecret(apiKey);
  registerSecret(secret);
  const missing = [...(apiKey ? [] : [API_KEY_VAR]), ...(secret ? [] : [API_SECRET_VAR])];
  if (missing.length > 0) {
    throw new UserError(`--live needs ${missing.join(' and ')} in the environment`, {
      hint: `export ${missing.map((m) => `${m}=...`).join(' ')} (a key for this bot only, with trading permission and no withdrawal); keys are never read from a config file`,
    });
  }
  return { apiKey, secret };
}

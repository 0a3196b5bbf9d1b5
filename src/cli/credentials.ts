import { UserError } from '../internal/errors.js';
import { registerSecret } from '../internal/logger.js';
import type { Credentials } from '../runtime/exchangeConnection.js';

export const API_KEY_VAR = 'KRAKEN_API_KEY';
export const API_SECRET_VAR = 'KRAKEN_API_SECRET';
/** Kraken Futures issues keys of its own (and the demo exchange others again): never the spot ones. */
export const FUTURES_API_KEY_VAR = 'KRAKEN_FUTURES_API_KEY';
export const FUTURES_API_SECRET_VAR = 'KRAKEN_FUTURES_API_SECRET';

/** Which account a live run signs for: Kraken spot, or Kraken Futures (production or demo). */
export type CredentialsFor = 'kraken-spot' | 'kraken-futures' | 'kraken-futures-demo';

/**
 * The API key and secret, from the environment only (the config schema refuses them): KRAKEN_API_* for
 * spot, KRAKEN_FUTURES_API_* for futures (demo keys for --demo). Both are registered with the logger
 * first, so neither can appear in any log line from here on.
 */
export function liveCredentials(env: NodeJS.ProcessEnv, account: CredentialsFor = 'kraken-spot'): Credentials {
  const [keyVar, secretVar] = account === 'kraken-spot' ? [API_KEY_VAR, API_SECRET_VAR] : [FUTURES_API_KEY_VAR, FUTURES_API_SECRET_VAR];
  const apiKey = env[keyVar]?.trim() ?? '';
  const secret = env[secretVar]?.trim() ?? '';
  registerSecret(apiKey);
  registerSecret(secret);
  const missing = [...(apiKey ? [] : [keyVar]), ...(secret ? [] : [secretVar])];
  if (missing.length > 0) {
    const where =
      account === 'kraken-futures-demo'
        ? 'keys made on demo-futures.kraken.com (production keys do not work there)'
        : account === 'kraken-futures'
          ? 'a Kraken Futures key for this bot only, with trading permission and no withdrawal'
          : 'a key for this bot only, with trading permission and no withdrawal';
    throw new UserError(`${account === 'kraken-futures-demo' ? '--live --demo' : '--live'} needs ${missing.join(' and ')} in the environment`, {
      hint: `export ${missing.map((m) => `${m}=...`).join(' ')} (${where}); keys are never read from a config file`,
    });
  }
  return { apiKey, secret };
}

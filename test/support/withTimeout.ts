/** Run one ccxt call under a short client timeout, the client's own restored after it. */
export async function withTimeout<T>(client: { timeout: number }, ms: number, call: () => Promise<T>): Promise<T> {
  const saved = client.timeout;
  client.timeout = ms;
  try {
    return await call();
  } finally {
    client.timeout = saved;
  }
}

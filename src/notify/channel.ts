/** Where messages go: a webhook or a Telegram chat. `send` resolves when delivered and rejects when not. */
export interface NotifyChannel {
  readonly name: string;
  send(
    text: string,
    events: readonly { readonly kind: string; readonly time: string; readonly text: string; readonly fields?: Readonly<Record<string, unknown>> }[],
    signal: AbortSignal,
  ): Promise<void>;
}

/** POST `body` as JSON; anything but a 2xx answer is an error that says the status and the start of the answer. */
export async function postJson(url: string, body: unknown, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
}

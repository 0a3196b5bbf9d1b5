/** What the daemon tells people about, by name: `notify.events` in the config chooses among them. */
export const NOTIFY_EVENTS = ['start', 'stop', 'fill', 'stop_out', 'kill_switch', 'promotion', 'drift', 'error', 'daily_summary'] as const;
export type NotifyEventKind = (typeof NOTIFY_EVENTS)[number];

/** One message: its kind, when (the daemon's clock: the feed time, or the wall clock at start and stop), the text people read, and the figures behind it for a webhook. */
export interface NotifyEvent {
  readonly kind: NotifyEventKind;
  readonly time: number;
  readonly text: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

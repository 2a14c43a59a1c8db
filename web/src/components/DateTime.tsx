// A timestamp from the API (ISO 8601) shown in the reader's locale, machine-readable in <time>.

const kFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : kFormat.format(date);
}

export function DateTime({ value }: { value: string }) {
  return <time dateTime={value}>{formatDateTime(value)}</time>;
}

const kRelativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'always' });

const kRelativeUnits: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "in 2 days", "3 hours ago", "in 40 seconds": the largest unit that fits, rounded. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const seconds = (at - now) / 1000;
  for (const [unit, size] of kRelativeUnits) {
    if (Math.abs(seconds) >= size) return kRelativeFormat.format(Math.round(seconds / size), unit);
  }
  return kRelativeFormat.format(Math.round(seconds), 'second');
}

/**
 * A timestamp as a relative time ("in 2 days", "3 hours ago"); the full date and time in its
 * tooltip. `past`: the time of something that happened — should it still be ahead (clocks that
 * disagree, data dated ahead), the date itself is shown rather than "in 25 days".
 */
export function RelativeTime({ value, past = false }: { value: string; past?: boolean }) {
  const ahead = new Date(value).getTime() > Date.now() + 60_000;
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {past && ahead ? `on ${formatDateTime(value)}` : formatRelative(value)}
    </time>
  );
}

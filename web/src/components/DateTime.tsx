// A timestamp from the API (ISO 8601) shown in the reader's locale, machine-readable in <time>.

const kFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : kFormat.format(date);
}

export function DateTime({ value }: { value: string }) {
  return <time dateTime={value}>{formatDateTime(value)}</time>;
}

const kRelative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const kSteps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "5 minutes ago", "yesterday", "3 weeks ago": how long ago `iso` was, from `now`. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let amount = (date.getTime() - now) / 1000;
  if (Math.abs(amount) < 45) return kRelative.format(0, 'second');
  for (const [unit, size] of kSteps) {
    if (Math.abs(amount) < size) return kRelative.format(Math.round(amount), unit);
    amount /= size;
  }
  return formatDateTime(iso);
}

/** How long ago, with the exact time on hover and in <time>. */
export function RelativeTime({ value }: { value: string }) {
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {formatRelative(value)}
    </time>
  );
}

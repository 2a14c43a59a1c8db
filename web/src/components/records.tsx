// Shared pieces of the record pages: links, the source badge ("expenses · statement · EXP-1"),
// how a field's value and a change read, and the table of a record's fields.

import type { FieldValue, RecordChange, WorkRecord } from '../api/types';

export const recordHref = (id: string) => `/records/${encodeURIComponent(id)}`;

/** A field's value as text; null (absent) reads as a dash. */
export function formatValue(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** "amount: 120 → 145"; a title or url change is named as such. */
export function changeText(change: RecordChange): string {
  const name = change.what === 'field' ? change.field : change.what;
  return `${name}: ${formatValue(change.old)} → ${formatValue(change.new)}`;
}

/** Only http and https links back to the source system are shown as links. */
export function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function SourceBadge({ record }: { record: Pick<WorkRecord, 'system' | 'type' | 'external_id'> }) {
  return (
    <span class="record-source" data-testid="record-source">
      <span class="visually-hidden">From </span>
      {record.system} · {record.type} · {record.external_id}
    </span>
  );
}

export function RestrictedBadge() {
  return (
    <span class="badge badge--restricted" title="An access list decides who sees this record.">
      Restricted
    </span>
  );
}

export function FieldsTable({ fields, label }: { fields: WorkRecord['fields']; label: string }) {
  const entries = Object.entries(fields);
  if (entries.length === 0) return <p class="muted">No fields.</p>;
  return (
    <table class="table record-fields" aria-label={label}>
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name} data-field={name}>
            <th scope="row">{name}</th>
            <td>{formatValue(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Pieces the network and engagement pages share: figures as cards (the outcomes page's look), the
// period a report covers, whose figures they are, the note about units left out under the
// privacy floor, and the report as CSV.

import type { Period, Whose } from './analyticsPeriod';
import { kWhoseOptions } from './analyticsPeriod';
import { csvFilename, downloadCsv } from './csv';
import { DateTime } from './DateTime';
import { SelectField } from './Field';

export interface FigureCard {
  key: string;
  term: string;
  value: string;
  note: string;
}

/** Cards of figures; each value has the test id `${prefix}-${key}`. */
export function FigureCards({ figures, label, prefix }: { figures: FigureCard[]; label: string; prefix: string }) {
  return (
    <dl class="outcome-figures" aria-label={label}>
      {figures.map(({ key, term, value, note }) => (
        <div key={key} class="card outcome-figure" data-figure={key}>
          <dt>{term}</dt>
          <dd>
            <span class="outcome-figure__value" data-testid={`${prefix}-${key}`}>
              {value}
            </span>
            <span class="outcome-figure__note muted">{note}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function PeriodRange({ period, from, to }: { period: Period; from: string; to: string }) {
  return (
    <p class="muted outcomes-page__range">
      {period === 'all' ? (
        <>
          Everything up to <DateTime value={to} />.
        </>
      ) : (
        <>
          From <DateTime value={from} /> to <DateTime value={to} />.
        </>
      )}
    </p>
  );
}

/** "3 units under the privacy floor (5 people) are not shown." — nothing when none are. */
export function WithheldUnits({ count, minGroup, what = 'shown' }: { count: number; minGroup: number; what?: string }) {
  if (count <= 0) return null;
  return (
    <p class="muted analytics-withheld" data-testid="withheld-units">
      {count === 1 ? '1 unit' : `${count} units`} under the privacy floor ({minGroup} people) {count === 1 ? 'is' : 'are'}{' '}
      not {what}.
    </p>
  );
}

const kWhoseHints: Record<Whose, string> = {
  organization: 'The same for every member: public spaces and posts to the whole organization.',
  mine: 'Also what only some may see and you can: your private spaces, posts to a unit, to followers or to a space.',
};

/** Whose figures: the organization's (every member's) or the reader's own. */
export function WhoseSelect({ value, onValue }: { value: Whose; onValue: (value: Whose) => void }) {
  return (
    <SelectField
      label="Whose figures"
      name="view"
      value={value}
      onValue={(next) => onValue(next === 'mine' ? 'mine' : 'organization')}
      options={[...kWhoseOptions]}
      hint={kWhoseHints[value]}
    />
  );
}

/** "that every member can see" or "that you can see", for sentences about what was counted. */
export const seenBy = (whose: Whose) => (whose === 'organization' ? 'that every member can see' : 'that you can see');

export const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * "Download as CSV": the report the page shows, written as CSV in the browser when asked (`csv`)
 * and saved as `weft-${report}-YYYY-MM-DD.csv`.
 */
export function DownloadCsv({ report, csv }: { report: string; csv: () => string }) {
  return (
    <p class="outcomes-page__export">
      <button
        type="button"
        class="button button--secondary button--small"
        data-testid={`${report}-csv`}
        onClick={() => downloadCsv(csvFilename(report), csv())}
      >
        Download as CSV
      </button>
    </p>
  );
}

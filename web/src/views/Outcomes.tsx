// The outcomes dashboard: what happened in a period, not how many looked. Problems opened and
// resolved and how long they took, ideas and how many were adopted, proposals decided, decisions
// past their review date with no follow-up, chains completed, how many people took part, and the
// knowledge captured (pages written, and the outcomes a page records), over what the reader may
// see, for a unit or a space if they choose (docs/design/analytics.md defines every figure). The
// period, unit and space are in the URL, so a view can be linked.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { analytics, spaces as spacesApi } from '../api/endpoints';
import type { OutcomesQuery } from '../api/endpoints';
import type { AnalyticsCount, AnalyticsOutcomes, Space } from '../api/types';
import { Alert } from '../components/Alert';
import { AnalyticsNav } from '../components/AnalyticsNav';
import type { Period } from '../components/analyticsPeriod';
import { analyticsHref, fromOf, kPeriodOptions, periodFrom } from '../components/analyticsPeriod';
import { kStageLabels } from '../components/collab';
import { DateTime } from '../components/DateTime';
import { KnowledgeCaptured } from '../components/KnowledgeCaptured';
import { SelectField } from '../components/Field';
import { Skeleton } from '../components/LoadState';
import type { Bar } from '../components/OutcomeBars';
import { OutcomeBars } from '../components/OutcomeBars';
import { UnitSelect } from '../components/UnitSelect';
import { useItem } from '../components/useItem';
import { navigate, useLocation } from '../state/router';
import { useUnits } from '../state/units';

interface View {
  period: Period;
  unit: string;
  space: string;
}

/** A duration in seconds as a person would say it: "40 min", "5 h", "3.2 days". */
export function humanDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const hours = seconds / 3600;
  if (hours < 48) return `${hours < 10 ? Number(hours.toFixed(1)) : Math.round(hours)} h`;
  const days = seconds / 86_400;
  return `${days < 10 ? Number(days.toFixed(1)) : Math.round(days)} days`;
}

const kAgeLabels: Record<string, string> = {
  under_7_days: 'Under 7 days',
  '7_to_30_days': '7–30 days',
  '30_to_90_days': '30–90 days',
  over_90_days: 'Over 90 days',
};

function bars(counts: AnalyticsCount[], labels: Record<string, string>): Bar[] {
  return counts.map(({ name, count }) => ({ label: labels[name] ?? name.replace(/_/g, ' '), count }));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

interface Figure {
  key: string;
  term: string;
  value: string;
  note: string;
  drill?: string;  // the server's name for the items behind it
}

const kItemHref: Record<string, string> = { problem: '/problems/', idea: '/ideas/', proposal: '/proposals/' };

/** The items behind a figure, fetched when the person opens the list. */
function Behind({ figure, query, count }: { figure: string; query: OutcomesQuery; count: number }) {
  const [open, setOpen] = useState(false);
  const items = useItem(
    (signal) => (open ? analytics.items(figure, query, signal) : Promise.resolve(null)),
    [open, figure, query.from, query.unit_id, query.space_id],
    { missingOn: [] },
  );
  if (count === 0) return null;
  return (
    <details class="outcome-figure__behind" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Which</summary>
      {items.error && <Alert>{items.error}</Alert>}
      {open && !items.data && !items.error && <Skeleton label="Loading…" count={1} />}
      {items.data && (
        <ul data-testid={`behind-${figure}`}>
          {items.data.items.map((item) => (
            <li key={`${item.type}-${item.id}`}>
              <a href={`${kItemHref[item.type] ?? '/'}${encodeURIComponent(item.id)}`}>{item.title}</a>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function timing(
  key: string,
  term: string,
  figure: AnalyticsOutcomes['problems']['time_to_first_solution'],
  over: string,
): Figure[] {
  const none = figure.count === 0;
  return [
    {
      key: `${key}-median`,
      term: `${term}, median`,
      value: none || figure.median_seconds === null ? '—' : humanDuration(figure.median_seconds),
      note: none ? `no ${over} in the period` : `half of ${plural(figure.count, over.replace(/s$/, ''), over)} took this long or less`,
    },
    {
      key: `${key}-p90`,
      term: `${term}, 90th percentile`,
      value: none || figure.p90_seconds === null ? '—' : humanDuration(figure.p90_seconds),
      note: none ? `no ${over} in the period` : 'nine in ten took this long or less',
    },
  ];
}

function figuresOf(report: AnalyticsOutcomes): Figure[] {
  const { problems, ideas, proposals, participation } = report;
  const people =
    participation.people === null
      ? { value: 'Withheld', note: `withheld — fewer than ${participation.min_group} people` }
      : {
          value: String(participation.people),
          note:
            participation.units === null
              ? 'raised, solved, pitched, commented, proposed or took a stance'
              : `from ${plural(participation.units, 'unit', 'units')}; raised, solved, pitched, commented, proposed or took a stance`,
        };
  return [
    { key: 'problems-opened', term: 'Problems opened', value: String(problems.opened), note: 'created in the period', drill: 'problems_opened' },
    { key: 'problems-resolved', term: 'Problems resolved', value: String(problems.resolved), note: 'marked resolved in the period', drill: 'problems_resolved' },
    ...timing('first-solution', 'Time to first solution', problems.time_to_first_solution, 'problems with a solution'),
    ...timing('resolution', 'Time to resolution', problems.time_to_resolution, 'problems resolved'),
    { key: 'ideas-created', term: 'Ideas created', value: String(ideas.created), note: 'pitched in the period', drill: 'ideas_created' },
    {
      key: 'adoption-rate',
      term: 'Adoption rate',
      value: ideas.adoption_rate === null ? '—' : `${Math.round(ideas.adoption_rate * 100)}%`,
      note: ideas.adoption_rate === null ? 'no idea was created in the period' : 'of those ideas, the share accepted or implemented',
    },
    { key: 'proposals-opened', term: 'Proposals opened', value: String(proposals.opened), note: 'created in the period' },
    {
      key: 'proposals-decided',
      term: 'Proposals decided',
      value: String(proposals.decided),
      drill: 'proposals_decided',
      note: `${proposals.adopted} adopted, ${proposals.rejected} rejected (${proposals.blocked} blocked)`,
    },
    {
      key: 'decisions-past-review',
      term: 'Decisions past review',
      value: String(proposals.past_review),
      drill: 'decisions_past_review',
      note: 'decided, due for review by the end of the period, and no proposal follows them up',
    },
    {
      key: 'chains-completed',
      term: 'Chains completed',
      value: String(report.chains_completed),
      drill: 'chains_completed',
      note: 'problems resolved by an idea implemented or a proposal adopted',
    },
    { key: 'people', term: 'People taking part', ...people },
  ];
}

function Figures({ report, query }: { report: AnalyticsOutcomes; query: OutcomesQuery }) {
  return (
    <dl class="outcome-figures" aria-label="Figures for the period">
      {figuresOf(report).map(({ key, term, value, note, drill }) => (
        <div key={key} class="card outcome-figure" data-figure={key}>
          <dt>{term}</dt>
          <dd>
            <span class="outcome-figure__value" data-testid={`outcome-${key}`}>
              {value}
            </span>
            <span class="outcome-figure__note muted">{note}</span>
            {drill && <Behind figure={drill} query={query} count={Number(value) || 0} />}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Charts({ report }: { report: AnalyticsOutcomes }) {
  const ages = useMemo(() => bars(report.problems.unsolved_by_age, kAgeLabels), [report]);
  const stages = useMemo(() => bars(report.ideas.by_stage, kStageLabels), [report]);
  return (
    <div class="outcome-charts">
      <section class="card outcome-charts__card" aria-labelledby="outcome-ages-heading">
        <h2 id="outcome-ages-heading">Unsolved problems by age</h2>
        <p class="muted">Not resolved by the end of the period, by how old they were then.</p>
        <OutcomeBars title="Unsolved problems by age" unit="Problems" group="Age" bars={ages} testId="chart-unsolved" />
      </section>
      <section class="card outcome-charts__card" aria-labelledby="outcome-stages-heading">
        <h2 id="outcome-stages-heading">Ideas by stage</h2>
        <p class="muted">Ideas created in the period, by their stage now.</p>
        <OutcomeBars title="Ideas by stage" unit="Ideas" group="Stage" bars={stages} testId="chart-stages" />
      </section>
    </div>
  );
}

export function Outcomes() {
  const location = useLocation();
  const urlView: View = {
    period: periodFrom(location.query.get('period')),
    unit: location.query.get('unit') ?? '',
    space: location.query.get('space') ?? '',
  };
  const [view, setView] = useState<View>(urlView);
  useEffect(() => setView(urlView), [urlView.period, urlView.unit, urlView.space]);

  // A <select> keeps the value it had when its options came: the pickers are drawn again once
  // their options are in, so a linked unit or space shows as chosen.
  const { loaded: unitsLoaded } = useUnits();
  const mySpaces = useItem((signal) => spacesApi.list({ mine: true, limit: 100 }, signal), [], { missingOn: [] });
  const report = useItem(
    (signal) =>
      analytics.outcomes(
        { from: fromOf(view.period), unit_id: view.unit || undefined, space_id: view.space || undefined },
        signal,
      ),
    [view.period, view.unit, view.space],
    { missingOn: [] },
  );

  const change = (changes: Partial<View>) => {
    const next = { ...view, ...changes };
    setView(next);
    navigate(analyticsHref('outcomes', next), { replace: true });
  };

  const spaceOptions = [
    { value: '', label: 'All spaces I can see' },
    ...(mySpaces.data?.items ?? []).map((space: Space) => ({ value: space.id, label: space.name })),
  ];
  // A linked space that is not one of mine still shows as chosen (the server says if it may not be seen).
  if (view.space && mySpaces.data && !spaceOptions.some((o) => o.value === view.space)) {
    spaceOptions.push({ value: view.space, label: `Space ${view.space}` });
  }

  const data = report.data;
  return (
    <section class="page outcomes-page">
      <header class="page__header">
        <h1>Outcomes</h1>
      </header>
      <AnalyticsNav current="outcomes" view={view} />
      <p class="muted outcomes-page__explain">
        What happened in a period, not how many looked: problems raised and solved, ideas adopted, proposals decided.
        Every figure counts only what you may see; figures about groups of people are withheld when fewer than a few
        people are in them.
      </p>
      <form class="outcomes-page__controls" aria-label="Period and scope" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Period"
          name="period"
          value={view.period}
          onValue={(value) => change({ period: periodFrom(value) })}
          options={kPeriodOptions}
        />
        <UnitSelect
          key={unitsLoaded ? 'units' : 'no-units'}
          label="Unit"
          name="unit"
          value={view.unit}
          onValue={(unit) => change({ unit })}
          emptyLabel="All units"
        />
        <SelectField
          key={mySpaces.data ? 'spaces' : 'no-spaces'}
          label="Space"
          name="space"
          value={view.space}
          onValue={(space) => change({ space })}
          options={spaceOptions}
        />
      </form>
      {report.error && <Alert>{report.error}</Alert>}
      {report.loading && (
        <p class="muted outcomes-page__loading" role="status">
          {data ? 'Updating the figures…' : 'Counting the period…'}
        </p>
      )}
      {data && !report.error && (
        <div class="outcomes-report" data-loading={report.loading ? 'true' : 'false'}>
          <p class="muted outcomes-page__range">
            {view.period === 'all' ? (
              <>
                Everything up to <DateTime value={data.to} />.
              </>
            ) : (
              <>
                From <DateTime value={data.from} /> to <DateTime value={data.to} />.
              </>
            )}
          </p>
          <p class="outcomes-page__export">
            <a
              href={`/api/v1/analytics/outcomes/export?${new URLSearchParams(
                Object.entries({ from: fromOf(view.period), unit_id: view.unit || undefined, space_id: view.space || undefined })
                  .filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
              ).toString()}`}
              download
              data-testid="outcomes-csv"
            >
              Download as CSV
            </a>
          </p>
          <Figures
            report={data}
            query={{ from: fromOf(view.period), unit_id: view.unit || undefined, space_id: view.space || undefined }}
          />
          <Charts report={data} />
          <KnowledgeCaptured report={data} />
        </div>
      )}
    </section>
  );
}

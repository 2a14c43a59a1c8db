// For administrators: how well "who can help" suggestions work here. Of the problems resolved in
// a period, where the person whose solution was accepted ranked among the people Weft would have
// suggested when the problem was posted (with only what was known then): hit@1, hit@3, hit@10,
// the mean reciprocal rank, a chart by month, and the problems one by one.

import { useEffect, useState } from 'preact/hooks';
import { expertise as expertiseApi } from '../api/endpoints';
import type { ExpertiseAccuracy } from '../api/types';
import { AccuracyChart, mrrText, percent } from '../components/AccuracyChart';
import { AdminLinks } from '../components/AdminLinks';
import { Alert } from '../components/Alert';
import { personHref, problemHref } from '../components/collab';
import { rfc3339 } from '../components/CollabForms';
import { DateTime } from '../components/DateTime';
import { SelectField } from '../components/Field';
import { useItem } from '../components/useItem';
import { Link, navigate, useLocation } from '../state/router';
import { useMe } from '../state/session';

const kPeriods = [
  { value: '90d', label: 'Last 90 days', days: 90 },
  { value: 'year', label: 'Last year', days: 365 },
  { value: 'all', label: 'All time', days: null },
] as const;
type Period = (typeof kPeriods)[number]['value'];

function periodFrom(value: string | null): Period {
  return kPeriods.some((p) => p.value === value) ? (value as Period) : 'year';
}

/** The start of the period; all time starts before Weft could have had any problem. */
function fromOf(period: Period): string {
  const days = kPeriods.find((p) => p.value === period)?.days ?? null;
  return days === null ? '1970-01-01T00:00:00Z' : rfc3339(new Date(Date.now() - days * 86_400_000));
}

function Figures({ report }: { report: ExpertiseAccuracy }) {
  const figures: Array<[string, string, string, string]> = [
    ['problems', 'Problems scored', String(report.problems), 'resolved in the period, with an accepted solution'],
    ['hit1', 'Hit@1', percent(report.hit_at_1), 'the solver was the first suggestion'],
    ['hit3', 'Hit@3', percent(report.hit_at_3), 'the solver was among the first three'],
    ['hit10', 'Hit@10', percent(report.hit_at_10), 'the solver was among the first ten'],
    ['mrr', 'MRR', mrrText(report.mrr), 'mean reciprocal rank: 1 is always first, 0 never ranked'],
  ];
  return (
    <dl class="accuracy-figures" aria-label="Figures for the period">
      {figures.map(([key, term, value, note]) => (
        <div key={key} class="card accuracy-figure" data-figure={key}>
          <dt>{term}</dt>
          <dd>
            <span class="accuracy-figure__value" data-testid={`accuracy-${key}`}>
              {value}
            </span>
            <span class="accuracy-figure__note muted">{note}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Items({ report }: { report: ExpertiseAccuracy }) {
  if (report.items.length === 0) return null;
  return (
    <section class="accuracy-items" aria-labelledby="accuracy-items-heading">
      <h2 id="accuracy-items-heading">Problems</h2>
      {report.items.length < report.problems && (
        <p class="muted">The {report.items.length} most recently resolved of {report.problems}.</p>
      )}
      <div class="table-scroll">
        <table class="card table accuracy-table" aria-labelledby="accuracy-items-heading">
          <thead>
            <tr>
              <th scope="col">Problem</th>
              <th scope="col">Resolved</th>
              <th scope="col">Solver</th>
              <th scope="col">Solver's rank</th>
            </tr>
          </thead>
          <tbody>
            {report.items.map((item) => (
              <tr key={item.problem_id} data-problem-id={item.problem_id} data-rank={item.rank ?? 'none'}>
                <th scope="row">
                  <Link href={problemHref(item.problem_id)}>{item.title}</Link>
                </th>
                <td>
                  <DateTime value={item.resolved_at} />
                </td>
                <td>
                  <Link href={personHref(item.solver.id)}>{item.solver.name}</Link>
                </td>
                <td>
                  {item.rank === null ? (
                    <span class="muted">not ranked</span>
                  ) : (
                    <>
                      {item.rank}
                      <span class="muted"> of {item.candidates}</span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function AdminExpertise() {
  const me = useMe();
  const location = useLocation();
  const urlPeriod = periodFrom(location.query.get('period'));
  const [period, setPeriod] = useState<Period>(urlPeriod);
  useEffect(() => setPeriod(urlPeriod), [urlPeriod]);
  const report = useItem((signal) => expertiseApi.accuracy({ from: fromOf(period) }, signal), [period], {
    enabled: me.role === 'admin',
    missingOn: [],
  });

  const choose = (value: string) => {
    const next = periodFrom(value);
    setPeriod(next);
    navigate(next === 'year' ? '/admin/expertise' : `/admin/expertise?period=${next}`, { replace: true });
  };

  if (me.role !== 'admin') {
    return (
      <section class="empty-state">
        <h1>Administrators only</h1>
        <p>You need the administrator role to see how well suggestions work.</p>
      </section>
    );
  }

  const data = report.data;
  return (
    <section class="page accuracy-page">
      <header class="page__header">
        <h1>Suggestion accuracy</h1>
        <AdminLinks />
      </header>
      <p class="muted accuracy-page__explain">
        For each problem resolved in the period, Weft ranks people as it would have when the problem was posted, with only
        what it knew then, and looks for the person whose solution was accepted: hit@3 is the share of problems where
        that person was among the first three suggested, and MRR averages one over their rank (0 when not ranked).
      </p>
      <div class="accuracy-page__period">
        <SelectField
          label="Period"
          name="period"
          value={period}
          onValue={choose}
          options={kPeriods.map((p) => ({ value: p.value, label: p.label }))}
        />
      </div>
      {report.error && <Alert>{report.error}</Alert>}
      {!data && report.loading && (
        <p class="muted" role="status">
          Scoring the period…
        </p>
      )}
      {data && (
        <div class="accuracy-report" data-loading={report.loading ? 'true' : 'false'}>
          <Figures report={data} />
          {data.problems === 0 ? (
            <p class="muted card">
              No problem with an accepted solution was resolved in this period, so there is nothing to score yet.
            </p>
          ) : (
            <section class="card" aria-labelledby="accuracy-chart-heading">
              <h2 id="accuracy-chart-heading">By month</h2>
              <AccuracyChart months={data.months} />
            </section>
          )}
          {data.problems > 0 && (
            <p class="muted">
              On average {data.candidates.toFixed(1)} people were ranked per problem.
            </p>
          )}
          <Items report={data} />
        </div>
      )}
    </section>
  );
}

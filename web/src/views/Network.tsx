// The network page of the analytics dashboard: who works with whom across the organization in a
// period, as far as the reader may see. The unit × unit heat map, the share of interactions that
// cross units week by week, the units drawn as a network, the brokers who link people of different
// units, the units that keep to themselves, and the communities found in who works with whom
// (docs/design/analytics.md, "Network", defines every figure). The period and whose figures
// (the organization's, what every member may see, unless the reader asks for everything they may
// see) are in the URL.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { analytics } from '../api/endpoints';
import type { AnalyticsNetwork, NetworkCommunity, UnitRef } from '../api/types';
import { Alert } from '../components/Alert';
import type { FigureCard } from '../components/AnalyticsFigures';
import { DownloadCsv, FigureCards, PeriodRange, plural, seenBy, WhoseSelect, WithheldUnits } from '../components/AnalyticsFigures';
import { networkCsv } from '../components/analyticsCsv';
import { AnalyticsNav } from '../components/AnalyticsNav';
import type { Period, Whose } from '../components/analyticsPeriod';
import { analyticsHref, fromOf, kPeriodOptions, periodFrom, whoseFrom } from '../components/analyticsPeriod';
import { personHref } from '../components/collab';
import { SelectField } from '../components/Field';
import { FiguresAge } from '../components/FiguresAge';
import { ShareTrend, UnitHeatMap, UnitsPicture } from '../components/NetworkCharts';
import { percent } from '../components/plot';
import { useItem } from '../components/useItem';
import { Link, navigate, useLocation } from '../state/router';
import { useMe } from '../state/session';
import { useUnits } from '../state/units';

const kKindNames: Record<string, [string, string]> = {
  reply: ['reply', 'replies'],
  mention: ['mention', 'mentions'],
  reshare: ['reshare', 'reshares'],
  solution: ['solution', 'solutions'],
  acceptance: ['accepted solution', 'accepted solutions'],
  comment: ['comment', 'comments'],
  vote: ['vote', 'votes'],
  stance: ['stance', 'stances'],
};

function kindsNote(report: AnalyticsNetwork): string {
  const kinds = report.by_kind.filter((k) => k.count > 0).sort((a, b) => b.count - a.count);
  if (kinds.length === 0) return 'replies, mentions, reshares, solutions, comments, votes, stances';
  return kinds
    .slice(0, 3)
    .map(({ name, count }) => {
      const [one, many] = kKindNames[name] ?? [name, name];
      return plural(count, one, many);
    })
    .join(', ');
}

const fixed = (value: number | null, digits = 2) => (value === null ? '—' : value.toFixed(digits));

function figuresOf(report: AnalyticsNetwork): FigureCard[] {
  const { communities } = report;
  return [
    { key: 'interactions', term: 'Interactions', value: report.interactions.toLocaleString(), note: kindsNote(report) },
    {
      key: 'people',
      term: 'People',
      value: report.people.toLocaleString(),
      note: `with a tie to someone; ${plural(report.ties, 'pair', 'pairs')} of people`,
    },
    {
      key: 'cross-unit-share',
      term: 'Across units',
      value: percent(report.cross_unit_share),
      note:
        report.cross_unit_share === null
          ? 'no interaction between two people with a unit'
          : 'of interactions between people with a unit, those between two units',
    },
    {
      key: 'communities',
      term: 'Communities',
      value: communities.count.toLocaleString(),
      note:
        communities.modularity === null
          ? 'groups that work mostly among themselves'
          : `groups that work mostly among themselves (modularity ${fixed(communities.modularity)})`,
    },
    {
      key: 'matches-units',
      term: 'Communities match units',
      value: fixed(communities.matches_units),
      note: '1: the communities are the units; 0: they have nothing to do with them',
    },
    {
      key: 'assortativity',
      term: 'Unit assortativity',
      value: fixed(communities.unit_assortativity),
      note: '1: ties only within units; 0: across as often as chance; below 0: more across',
    },
  ];
}

function Brokers({ report }: { report: AnalyticsNetwork }) {
  const { brokers } = report;
  return (
    <section class="card analytics-card" aria-labelledby="network-brokers-heading">
      <h2 id="network-brokers-heading">Brokers</h2>
      <p class="muted">
        People on the paths between others whose ties reach at least two units, most between first.
        {report.betweenness_sampled && (
          <> Betweenness estimated from {report.betweenness_sources.toLocaleString()} sources.</>
        )}
      </p>
      {brokers.length === 0 ? (
        <p class="muted">Nobody links people of different units in this period.</p>
      ) : (
        <div class="table-scroll">
          <table class="table analytics-table" aria-labelledby="network-brokers-heading" data-testid="brokers-table">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Units bridged</th>
                <th scope="col">People tied</th>
                <th scope="col">Betweenness</th>
              </tr>
            </thead>
            <tbody>
              {brokers.map((broker) => (
                <tr key={broker.person.id} data-person-id={broker.person.id}>
                  <th scope="row">
                    <Link href={personHref(broker.person.id)}>{broker.person.name}</Link>
                    {broker.person.title && <span class="analytics-table__sub muted">{broker.person.title}</span>}
                  </th>
                  <td>{broker.units_bridged.toLocaleString()}</td>
                  <td>{broker.ties.toLocaleString()}</td>
                  <td>{Math.round(broker.betweenness).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function UnitTies({ report }: { report: AnalyticsNetwork }) {
  const ties = report.unit_ties;
  return (
    <section class="card analytics-card" aria-labelledby="network-silos-heading">
      <h2 id="network-silos-heading">Silos and unit ties</h2>
      <p class="muted">
        Each unit's interactions inside and with other units, fewest outside first. A unit is a silo when fewer than one
        in five of its interactions are with another unit.
      </p>
      {ties.length === 0 ? (
        <p class="muted">No unit with enough people had a tie in this period.</p>
      ) : (
        <div class="table-scroll">
          <table class="table analytics-table" aria-labelledby="network-silos-heading" data-testid="unit-ties-table">
            <thead>
              <tr>
                <th scope="col">Unit</th>
                <th scope="col">Active people</th>
                <th scope="col">Inside</th>
                <th scope="col">With other units</th>
                <th scope="col">Outside share</th>
                <th scope="col">Partner units</th>
              </tr>
            </thead>
            <tbody>
              {ties.map((t) => (
                <tr key={t.unit.id} data-unit-id={t.unit.id} data-silo={t.silo ? 'true' : 'false'}>
                  <th scope="row">
                    {t.unit.name} {t.silo && <span class="badge badge--silo">Silo</span>}
                  </th>
                  <td>{t.active.toLocaleString()}</td>
                  <td>{t.internal.toLocaleString()}</td>
                  <td>{t.external.toLocaleString()}</td>
                  <td>{percent(t.external_share)}</td>
                  <td>{t.partner_units.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Communities({ report, unitName }: { report: AnalyticsNetwork; unitName: (id: string) => string }) {
  const { communities } = report;
  const undescribed = communities.count - communities.items.length;
  const describe = (community: NetworkCommunity) => {
    const others = community.units.filter((u) => u.unit_id !== community.main_unit_id);
    return (
      <li key={community.index} data-community={community.index}>
        <strong>{plural(community.size, 'person', 'people')}</strong>
        {community.main_unit_id === null ? (
          <> — mostly people with no unit</>
        ) : (
          <>
            {' '}
            — mostly {unitName(community.main_unit_id)} ({percent(community.main_unit_share)})
          </>
        )}
        {others.length > 0 && (
          <span class="muted">
            ; also {others.map((u) => `${unitName(u.unit_id)} (${u.people})`).join(', ')}
          </span>
        )}
      </li>
    );
  };
  return (
    <section class="card analytics-card" aria-labelledby="network-communities-heading">
      <h2 id="network-communities-heading">Communities</h2>
      <p class="muted">
        Groups of people who work more among themselves than with others, found in who works with whom, largest first.
        {undescribed > 0 &&
          ` ${plural(undescribed, 'community', 'communities')} smaller than ${report.min_group} people ${undescribed === 1 ? 'is' : 'are'} counted but not described.`}
      </p>
      {communities.items.length === 0 ? (
        <p class="muted">No community of {report.min_group} people or more in this period.</p>
      ) : (
        <ol class="analytics-communities" data-testid="communities">
          {communities.items.map(describe)}
        </ol>
      )}
    </section>
  );
}

function Report({ report, period, whose }: { report: AnalyticsNetwork; period: Period; whose: Whose }) {
  const { byId } = useUnits();
  const unitName = useMemo(() => {
    const named = new Map<string, string>(report.units.map((u: UnitRef) => [u.id, u.name]));
    return (id: string) => named.get(id) ?? byId.get(id)?.name ?? `Unit ${id}`;
  }, [report, byId]);

  if (report.interactions === 0) {
    return (
      <>
        <PeriodRange period={period} from={report.from} to={report.to} />
        <p class="card analytics-empty" data-testid="network-empty">
          Nobody replied to, mentioned, reshared, solved, commented on, voted on or took a stance on anyone's work{' '}
          {seenBy(whose)} in this period. Try a longer period.
        </p>
      </>
    );
  }
  return (
    <>
      <PeriodRange period={period} from={report.from} to={report.to} />
      <DownloadCsv report="network" csv={() => networkCsv(report, unitName)} />
      <FigureCards figures={figuresOf(report)} label="Figures for the period" prefix="network" />
      <WithheldUnits count={report.withheld_units} minGroup={report.min_group} />
      <section class="card analytics-card" aria-labelledby="network-matrix-heading">
        <h2 id="network-matrix-heading">Between units</h2>
        {report.units.length === 0 ? (
          <p class="muted">No unit has enough people to be shown.</p>
        ) : (
          <UnitHeatMap units={report.units} matrix={report.matrix} />
        )}
      </section>
      <div class="analytics-pair">
        <section class="card analytics-card" aria-labelledby="network-trend-heading">
          <h2 id="network-trend-heading">Across units, over time</h2>
          <p class="muted">Of the interactions between people with a unit, the share between two units.</p>
          <ShareTrend trend={report.trend} />
        </section>
        <section class="card analytics-card" aria-labelledby="network-picture-heading">
          <h2 id="network-picture-heading">Units as a network</h2>
          {report.units.length === 0 ? (
            <p class="muted">No unit has enough people to be shown.</p>
          ) : (
            <UnitsPicture units={report.units} matrix={report.matrix} />
          )}
        </section>
      </div>
      <Brokers report={report} />
      <UnitTies report={report} />
      <Communities report={report} unitName={unitName} />
    </>
  );
}

interface View {
  period: Period;
  view: Whose;
}

export function Network() {
  const location = useLocation();
  const isGuest = useMe().role === 'guest';
  const urlView: View = {
    period: periodFrom(location.query.get('period')),
    view: whoseFrom(location.query.get('view'), isGuest),
  };
  const [view, setView] = useState<View>(urlView);
  useEffect(() => setView(urlView), [urlView.period, urlView.view]);
  // The level of the unit tree units are shown at; undefined: the server's choice.
  const [level, setLevel] = useState<string | undefined>(undefined);
  const report = useItem(
    (signal) =>
      analytics.network({ from: fromOf(view.period), view: view.view, ...(level === undefined ? {} : { level }) }, signal),
    [view.period, view.view, level],
    { missingOn: [] },
  );

  const change = (changes: Partial<View>) => {
    const next = { ...view, ...changes };
    setView(next);
    navigate(analyticsHref('network', next), { replace: true });
  };

  const data = report.data;
  return (
    <section class="page outcomes-page network-page">
      <header class="page__header">
        <h1>Network</h1>
      </header>
      <AnalyticsNav current="network" view={view} />
      <p class="muted outcomes-page__explain">
        Who works with whom: each reply, mention, reshare, solution, comment, vote or stance ties the person who acted to
        the person whose work it was.{' '}
        {isGuest
          ? 'Counted over what you may see'
          : 'Counted over what every member may see, or over everything you may see if you choose'}
        ; units with fewer than a few people are left out.
      </p>
      <form class="outcomes-page__controls" aria-label="Period and whose figures" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Period"
          name="period"
          value={view.period}
          onValue={(value) => change({ period: periodFrom(value) })}
          options={kPeriodOptions}
        />
        {!isGuest && <WhoseSelect value={view.view} onValue={(whose) => change({ view: whose })} />}
        {data && data.unit_levels > 0 && (
          <SelectField
            label="Units shown"
            name="level"
            value={String(data.unit_level)}
            onValue={(value) => setLevel(value)}
            options={Array.from({ length: data.unit_levels + 1 }, (_, depth) => ({
              value: String(depth),
              label: depth === 0 ? 'Top of the unit tree' : `${depth} level${depth === 1 ? '' : 's'} down`,
            }))}
          />
        )}
      </form>
      {report.error && <Alert>{report.error}</Alert>}
      {report.loading && (
        <p class="muted outcomes-page__loading" role="status">
          {data ? 'Updating the figures…' : 'Tracing who works with whom…'}
        </p>
      )}
      {data && !report.error && (
        <div class="analytics-report network-report" data-loading={report.loading ? 'true' : 'false'}>
          <FiguresAge
            computedAt={data.computed_at}
            ageSeconds={data.age_seconds}
            onRefresh={() => void report.reload()}
            refreshing={report.loading}
          />
          <Report report={data} period={view.period} whose={view.view} />
        </div>
      )}
    </section>
  );
}

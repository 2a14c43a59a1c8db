// The engagement page of the analytics dashboard: not how many saw, but how many did something.
// For posts, problems, ideas and proposals of a period, the people they reached against the people
// who connected with them; how many posts became conversations rather than broadcasts, overall and
// per unit; the reshare cascades that carried posts furthest; and the sharers who brought posts to
// people new to them (docs/design/analytics.md, "Engagement", defines every figure). The period, the
// unit and whose figures (the organization's unless the reader asks for their own) are in the URL.

import { useEffect, useState } from 'preact/hooks';
import { analytics } from '../api/endpoints';
import type { AnalyticsEngagement } from '../api/types';
import { Alert } from '../components/Alert';
import type { FigureCard } from '../components/AnalyticsFigures';
import { DownloadCsv, FigureCards, PeriodRange, seenBy, WhoseSelect, WithheldUnits } from '../components/AnalyticsFigures';
import { engagementCsv } from '../components/analyticsCsv';
import { AnalyticsNav } from '../components/AnalyticsNav';
import type { Period, Whose } from '../components/analyticsPeriod';
import { analyticsHref, fromOf, kPeriodOptions, periodFrom, whoseFrom } from '../components/analyticsPeriod';
import { personHref } from '../components/collab';
import { ConversationBars, ReachChart } from '../components/EngagementCharts';
import { SelectField } from '../components/Field';
import { FiguresAge } from '../components/FiguresAge';
import { percent } from '../components/plot';
import { UnitSelect } from '../components/UnitSelect';
import { useItem } from '../components/useItem';
import { Link, navigate, useLocation } from '../state/router';
import { useMe } from '../state/session';
import { useUnits } from '../state/units';

interface View {
  period: Period;
  unit: string;
  view: Whose;
}

const cascadeHref = (postId: string) => `/posts/${encodeURIComponent(postId)}/cascade`;

function nothingAtAll(report: AnalyticsEngagement): boolean {
  const { reach, conversation } = report;
  return (
    reach.posts.items + reach.problems.items + reach.ideas.items + reach.proposals.items === 0 &&
    conversation.conversations + conversation.broadcasts === 0
  );
}

function Conversation({ report }: { report: AnalyticsEngagement }) {
  const { conversation } = report;
  const posts = conversation.conversations + conversation.broadcasts;
  const figures: FigureCard[] = [
    {
      key: 'conversations',
      term: 'Conversations',
      value: conversation.conversations.toLocaleString(),
      note: 'posts someone else replied to',
    },
    {
      key: 'broadcasts',
      term: 'Broadcasts',
      value: conversation.broadcasts.toLocaleString(),
      note: 'posts nobody else replied to',
    },
    {
      key: 'conversation-share',
      term: 'Conversation share',
      value: percent(conversation.share),
      note: posts === 0 ? 'no post in the period' : `of ${posts.toLocaleString()} ${posts === 1 ? 'post' : 'posts'}`,
    },
  ];
  return (
    <section class="card analytics-card" aria-labelledby="engagement-conversation-heading">
      <h2 id="engagement-conversation-heading">Broadcast or conversation</h2>
      {posts === 0 ? (
        <p class="muted">No post in this period.</p>
      ) : (
        <>
          <FigureCards figures={figures} label="Conversations and broadcasts" prefix="engagement" />
          {conversation.units.length > 0 && (
            <>
              <h3>By the author's unit</h3>
              <ConversationBars units={conversation.units} />
            </>
          )}
          <WithheldUnits count={conversation.withheld_units} minGroup={report.min_group} />
        </>
      )}
    </section>
  );
}

function Cascades({ report, whose }: { report: AnalyticsEngagement; whose: Whose }) {
  const { cascades } = report;
  const figures: FigureCard[] = [
    { key: 'cascades', term: 'Cascades', value: cascades.count.toLocaleString(), note: 'posts of the period reshared at least once' },
    { key: 'reshares', term: 'Reshares', value: cascades.reshares.toLocaleString(), note: 'in those cascades' },
    {
      key: 'max-depth',
      term: 'Deepest',
      value: cascades.max_depth.toLocaleString(),
      note: 'reshares of reshares, in levels',
    },
  ];
  return (
    <section class="card analytics-card" aria-labelledby="engagement-cascades-heading">
      <h2 id="engagement-cascades-heading">Reshare cascades</h2>
      {cascades.count === 0 ? (
        <p class="muted" data-testid="cascades-empty">
          No post of this period {seenBy(whose)} was reshared.
        </p>
      ) : (
        <>
          <FigureCards figures={figures} label="Reshare cascades" prefix="engagement" />
          <h3 id="engagement-top-cascades-heading">The furthest</h3>
          <p class="muted">
            By reshares, then depth. People reached: the authors in the cascade and their followers; breadth: the most posts
            at one level.
          </p>
          <div class="table-scroll">
            <table class="table analytics-table" aria-labelledby="engagement-top-cascades-heading" data-testid="cascades-table">
              <thead>
                <tr>
                  <th scope="col">Post</th>
                  <th scope="col">Author</th>
                  <th scope="col">Reshares</th>
                  <th scope="col">Depth</th>
                  <th scope="col">Breadth</th>
                  <th scope="col">People reached</th>
                  <th scope="col">Units reached</th>
                </tr>
              </thead>
              <tbody>
                {cascades.top.map((c) => (
                  <tr key={c.post_id} data-post-id={c.post_id}>
                    <th scope="row">
                      <Link href={cascadeHref(c.post_id)}>Post {c.post_id}</Link>
                    </th>
                    <td>
                      <Link href={personHref(c.author.id)}>{c.author.name}</Link>
                    </td>
                    <td>{c.reshares.toLocaleString()}</td>
                    <td>{c.depth.toLocaleString()}</td>
                    <td>{c.breadth.toLocaleString()}</td>
                    <td>{c.people_reached.toLocaleString()}</td>
                    <td>{c.units_reached.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Sharers({ report }: { report: AnalyticsEngagement }) {
  const { sharers } = report.cascades;
  if (report.cascades.count === 0) return null;
  return (
    <section class="card analytics-card" aria-labelledby="engagement-sharers-heading">
      <h2 id="engagement-sharers-heading">Sharers</h2>
      <p class="muted">
        Who carried posts to people new to them: followers of theirs who follow none of the authors they reshared. Most new
        people first, then most reshares across units.
      </p>
      {sharers.length === 0 ? (
        <p class="muted">Nobody reshared in these cascades.</p>
      ) : (
        <div class="table-scroll">
          <table class="table analytics-table" aria-labelledby="engagement-sharers-heading" data-testid="sharers-table">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Reshares</th>
                <th scope="col">Across units</th>
                <th scope="col">New people</th>
              </tr>
            </thead>
            <tbody>
              {sharers.map((s) => (
                <tr key={s.person.id} data-person-id={s.person.id}>
                  <th scope="row">
                    <Link href={personHref(s.person.id)}>{s.person.name}</Link>
                  </th>
                  <td>{s.reshares.toLocaleString()}</td>
                  <td>{s.cross_unit.toLocaleString()}</td>
                  <td>{s.new_people.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface ReportProps {
  report: AnalyticsEngagement;
  period: Period;
  unitName: string | null;
  whose: Whose;
}

function Report({ report, period, unitName, whose }: ReportProps) {
  if (nothingAtAll(report)) {
    return (
      <>
        <PeriodRange period={period} from={report.from} to={report.to} />
        <p class="card analytics-empty" data-testid="engagement-empty">
          Nothing was posted, raised, pitched or proposed {unitName ? `by people of ${unitName} ` : ''}
          {seenBy(whose)} in this period. Try a longer period{unitName ? ' or all units' : ''}.
        </p>
      </>
    );
  }
  return (
    <>
      <PeriodRange period={period} from={report.from} to={report.to} />
      <DownloadCsv report="engagement" csv={() => engagementCsv(report, unitName)} />
      <section class="card analytics-card" aria-labelledby="engagement-reach-heading">
        <h2 id="engagement-reach-heading">Reached vs connected</h2>
        <p class="muted">
          For what was created in the period: the people it was delivered to, and the people who did something with it —
          replied or reshared, proposed a solution, voted or commented, took a stance.
        </p>
        <ReachChart reach={report.reach} />
      </section>
      <Conversation report={report} />
      <Cascades report={report} whose={whose} />
      <Sharers report={report} />
    </>
  );
}

export function Engagement() {
  const location = useLocation();
  const isGuest = useMe().role === 'guest';
  const urlView: View = {
    period: periodFrom(location.query.get('period')),
    unit: location.query.get('unit') ?? '',
    view: whoseFrom(location.query.get('view'), isGuest),
  };
  const [view, setView] = useState<View>(urlView);
  useEffect(() => setView(urlView), [urlView.period, urlView.unit, urlView.view]);

  // The unit picker is drawn again once the units are in, so a linked unit shows as chosen.
  const { loaded: unitsLoaded, byId } = useUnits();
  const report = useItem(
    (signal) =>
      analytics.engagement({ from: fromOf(view.period), unit_id: view.unit || undefined, view: view.view }, signal),
    [view.period, view.unit, view.view],
    { missingOn: [] },
  );

  const change = (changes: Partial<View>) => {
    const next = { ...view, ...changes };
    setView(next);
    navigate(analyticsHref('engagement', next), { replace: true });
  };

  const data = report.data;
  const unitName = view.unit ? (byId.get(view.unit)?.name ?? 'this unit') : null;
  return (
    <section class="page outcomes-page engagement-page">
      <header class="page__header">
        <h1>Engagement</h1>
      </header>
      <AnalyticsNav current="engagement" view={view} />
      <p class="muted outcomes-page__explain">
        Not how many saw, but how many did something: the people reached against the people who connected, posts that
        became conversations, and reshares that carried posts to new people.{' '}
        {isGuest
          ? 'Counted over what you may see.'
          : 'Counted over what every member may see, or over everything you may see if you choose.'}
      </p>
      <form class="outcomes-page__controls" aria-label="Period, unit and whose figures" onSubmit={(event) => event.preventDefault()}>
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
        {!isGuest && <WhoseSelect value={view.view} onValue={(whose) => change({ view: whose })} />}
      </form>
      {report.error && <Alert>{report.error}</Alert>}
      {report.loading && (
        <p class="muted outcomes-page__loading" role="status">
          {data ? 'Updating the figures…' : 'Following what was shared…'}
        </p>
      )}
      {data && !report.error && (
        <div class="analytics-report engagement-report" data-loading={report.loading ? 'true' : 'false'}>
          <FiguresAge
            computedAt={data.computed_at}
            ageSeconds={data.age_seconds}
            onRefresh={() => void report.reload()}
            refreshing={report.loading}
          />
          <Report report={data} period={view.period} unitName={unitName} whose={view.view} />
        </div>
      )}
    </section>
  );
}

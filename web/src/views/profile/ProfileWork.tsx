// The Work tab of a profile: what the person has done, over what the reader may see — a row of
// counts, then the latest problems they solved, their ideas adopted, the decisions they took part
// in and the problems they raised (GET /people/{id}/work, the latest ten of each).

import type { ComponentChildren } from 'preact';
import { people as peopleApi } from '../../api/endpoints';
import type { Idea, PersonWork, Problem, Proposal } from '../../api/types';
import { ideaHref, plural, problemHref, proposalHref, StatusBadge } from '../../components/collab';
import { DateTime } from '../../components/DateTime';
import { LoadError, Skeleton } from '../../components/LoadState';
import { useItem } from '../../components/useItem';
import { Link } from '../../state/router';

type Counts = PersonWork['counts'];

function CountsRow({ counts }: { counts: Counts }) {
  const cell = (key: keyof Counts, label: string, extra?: ComponentChildren) => (
    <li class="work-counts__item">
      {label} <strong data-work-count={key}>{counts[key]}</strong>
      {extra}
    </li>
  );
  return (
    <ul class="work-counts" aria-label="Record of work in numbers">
      {cell('solved', 'Problems solved')}
      {cell('solutions', 'Solutions')}
      {cell('raised', 'Problems raised')}
      {cell('adopted', 'Ideas adopted', <> of {counts.ideas}</>)}
      {cell('decisions', 'Decisions')}
    </ul>
  );
}

/** One list of the record: a heading, the rows, or the empty state; says when only the latest are shown. */
function WorkList<T extends { id: string }>({
  id,
  title,
  total,
  items,
  empty,
  row,
}: {
  id: string;
  title: string;
  total: number;
  items: T[];
  empty: string;
  row: (item: T) => ComponentChildren;
}) {
  const headingId = `work-${id}-heading`;
  return (
    <section class="work-section" aria-labelledby={headingId} data-work-list={id}>
      <h2 id={headingId}>{title}</h2>
      {items.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <>
          <ul class="item-list" aria-label={title}>
            {items.map((item) => (
              <li key={item.id} class="item-row work-row" data-id={item.id}>
                {row(item)}
              </li>
            ))}
          </ul>
          {total > items.length && (
            <p class="muted work-section__more">
              The latest {items.length} of {total}.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function SolvedRow({ item }: { item: Problem }) {
  return (
    <>
      <Link class="item-row__title" href={problemHref(item.id)}>
        {item.title}
      </Link>
      <p class="item-row__meta muted">
        {item.resolved_at ? (
          <>
            resolved <DateTime value={item.resolved_at} />
          </>
        ) : (
          'resolved'
        )}{' '}
        · {plural(item.solution_count, 'solution', 'solutions')}
      </p>
    </>
  );
}

function IdeaRow({ item }: { item: Idea }) {
  return (
    <>
      <Link class="item-row__title" href={ideaHref(item.id)}>
        {item.title}
      </Link>
      <p class="item-row__meta muted">
        <StatusBadge status={item.stage} /> <span class="visually-hidden">since </span>
        <DateTime value={item.stage_changed_at} /> · <span data-score={item.score}>score {item.score}</span>
      </p>
    </>
  );
}

function DecisionRow({ item }: { item: Proposal }) {
  return (
    <>
      <Link class="item-row__title" href={proposalHref(item.id)}>
        {item.title}
      </Link>
      <p class="item-row__meta muted">
        {item.decision ? <StatusBadge status={item.decision} /> : <StatusBadge status={item.status} />}{' '}
        {item.decision ? 'decided' : 'closed'} <DateTime value={item.closed_at ?? item.closes_at} />
      </p>
      {item.outcome && (
        <p class="item-row__meta work-row__outcome">
          <span class="visually-hidden">Outcome: </span>
          {item.outcome}
        </p>
      )}
    </>
  );
}

function RaisedRow({ item }: { item: Problem }) {
  return (
    <>
      <Link class="item-row__title" href={problemHref(item.id)}>
        {item.title}
      </Link>
      <p class="item-row__meta muted">
        <StatusBadge status={item.status} /> raised <DateTime value={item.created_at} /> ·{' '}
        {plural(item.solution_count, 'solution', 'solutions')}
      </p>
    </>
  );
}

export function ProfileWork({ personId }: { personId: string }) {
  const { data: work, error, retry } = useItem<PersonWork>((signal) => peopleApi.work(personId, signal), [personId], {
    clearOnChange: true,
  });
  if (error) return <LoadError error={error} onRetry={retry} what="The record of work" />;
  if (!work) return <Skeleton label="Loading the record of work…" />;
  return (
    <div class="profile-work">
      <CountsRow counts={work.counts} />
      <WorkList
        id="solved"
        title="Solved problems"
        total={work.counts.solved}
        items={work.solved}
        empty="No problems solved yet."
        row={(item) => <SolvedRow item={item} />}
      />
      <WorkList
        id="adopted"
        title="Ideas adopted"
        total={work.counts.adopted}
        items={work.adopted}
        empty="No ideas adopted yet."
        row={(item) => <IdeaRow item={item} />}
      />
      <WorkList
        id="decisions"
        title="Decisions taken part in"
        total={work.counts.decisions}
        items={work.decisions}
        empty="No decisions taken part in yet."
        row={(item) => <DecisionRow item={item} />}
      />
      <WorkList
        id="raised"
        title="Problems raised"
        total={work.counts.raised}
        items={work.raised}
        empty="No problems raised yet."
        row={(item) => <RaisedRow item={item} />}
      />
    </div>
  );
}

// "Your work" on the home page: what is waiting for the signed-in person, from GET /me/agenda —
// proposals awaiting their stance (with the stance buttons right there), problems they could help
// with, open problems in their spaces, decisions made lately, their ideas that moved, the records
// they follow and their spaces. Empty sections are left out; when everything is empty, one line
// says so and where to start.

import type { ComponentChildren } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { proposals as proposalsApi } from '../api/endpoints';
import type { Agenda as AgendaData, Proposal, Space, Stance } from '../api/types';
import { Link } from '../state/router';
import { Alert } from './Alert';
import { ideaHref, kStanceLabels, plural, problemHref, proposalHref, spaceHref, StatusBadge } from './collab';
import { RelativeTime } from './DateTime';
import { LoadError, Skeleton } from './LoadState';
import { StanceButtons } from './StanceButtons';

/** The id of the "Your work" heading, which takes focus when what was before it goes away. */
export const kAgendaHeadingId = 'agenda-title';

const recordHref = (id: string) => `/records/${encodeURIComponent(id)}`;

interface AgendaProps {
  agenda: AgendaData | null;
  loading: boolean;
  error: string | null;
  /** A local change of the loaded agenda (an item acted on). */
  onChange: (update: (agenda: AgendaData) => AgendaData) => void;
  /** Fetch the agenda again, e.g. to bring in the next item waiting after one was acted on. */
  onReload: () => void;
}

function isEmpty(agenda: AgendaData): boolean {
  return (
    agenda.awaiting_stance.items.length === 0 &&
    agenda.suggested.items.length === 0 &&
    agenda.open_problems.items.length === 0 &&
    agenda.recent_decisions.items.length === 0 &&
    agenda.idea_updates.items.length === 0 &&
    agenda.records.items.length === 0 &&
    agenda.spaces.items.length === 0
  );
}

/** One part of the agenda: a region named by its title, with an optional count beside it. */
function AgendaSection({
  title,
  count,
  name,
  children,
  footer,
}: {
  title: string;
  count?: number;
  name: string;
  children: ComponentChildren;
  footer?: ComponentChildren;
}) {
  const id = useId();
  return (
    <section class={`agenda__section agenda__section--${name}`} aria-labelledby={id}>
      <h3 class="agenda__heading">
        <span id={id}>{title}</span>
        {count !== undefined && (
          <>
            {' '}
            <span class="count-badge" data-count={count}>
              {count}
            </span>
          </>
        )}
      </h3>
      {children}
      {footer && <p class="agenda__footer">{footer}</p>}
    </section>
  );
}

function SpaceName({ spaceId, spaces }: { spaceId: string; spaces: ReadonlyMap<string, Space> }) {
  const space = spaces.get(spaceId);
  return <Link href={spaceHref(spaceId)}>{space ? space.name : 'its space'}</Link>;
}

/** A proposal waiting for my stance: its title, space and deadline, and the four stance buttons. */
function AwaitingStance({
  proposal,
  spaces,
  onTaken,
}: {
  proposal: Proposal;
  spaces: ReadonlyMap<string, Space>;
  onTaken: (proposal: Proposal, stance: Stance) => void;
}) {
  const [busy, setBusy] = useState<Stance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const take = async (stance: Stance) => {
    if (busy) return;
    setBusy(stance);
    setError(null);
    try {
      await proposalsApi.stance(proposal.id, stance, '');
      onTaken(proposal, stance);
    } catch (e) {
      setError(describeError(e));
      setBusy(null);
    }
  };
  const open = new Date(proposal.closes_at).getTime() > Date.now();
  return (
    <li class="agenda-item agenda-item--stance" data-proposal-id={proposal.id}>
      <Link class="agenda-item__title" href={proposalHref(proposal.id)}>
        {proposal.title}
      </Link>
      <p class="agenda-item__meta muted">
        In <SpaceName spaceId={proposal.space_id} spaces={spaces} /> ·{' '}
        {open ? (
          <>
            closes <RelativeTime value={proposal.closes_at} />
          </>
        ) : (
          <>voting time is over</>
        )}
      </p>
      <StanceButtons
        label={`Your stance on ${proposal.title}`}
        current={null}
        busy={busy}
        onTake={(stance) => void take(stance)}
        class="stance-buttons--compact"
      />
      {error && <Alert>{error}</Alert>}
    </li>
  );
}

export function Agenda({ agenda, loading, error, onChange, onReload }: AgendaProps) {
  const headingId = kAgendaHeadingId;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [notice, setNotice] = useState('');

  const spaces = new Map((agenda?.spaces.items ?? []).map((s) => [s.id, s] as const));

  const taken = (proposal: Proposal, stance: Stance) => {
    // Where focus goes once the item is gone: the next one waiting, else the heading.
    const items = Array.from(listRef.current?.querySelectorAll<HTMLElement>('.agenda-item') ?? []);
    const index = items.findIndex((el) => el.dataset.proposalId === proposal.id);
    const next = items[index + 1] ?? items[index - 1];
    const nextId = next?.dataset.proposalId;
    onChange((a) => ({
      ...a,
      awaiting_stance: {
        items: a.awaiting_stance.items.filter((p) => p.id !== proposal.id),
        total: Math.max(0, a.awaiting_stance.total - 1),
      },
    }));
    setNotice(`Your stance on “${proposal.title}”: ${kStanceLabels[stance]}.`);
    requestAnimationFrame(() => {
      const target = nextId
        ? document.querySelector<HTMLElement>(`.agenda-item[data-proposal-id="${CSS.escape(nextId)}"] .agenda-item__title`)
        : null;
      (target ?? headingRef.current)?.focus();
    });
    onReload();
  };

  const awaiting = agenda?.awaiting_stance;
  return (
    <section class="agenda card" aria-labelledby={headingId} data-loaded={agenda ? 'true' : 'false'}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} class="agenda__title">
        Your work
      </h2>
      <p class="visually-hidden" role="status">
        {notice}
      </p>
      {error && !agenda && <LoadError error={error} onRetry={onReload} what="Your work" />}
      {loading && !agenda && !error && <Skeleton label="Loading what is waiting for you…" count={2} />}
      {agenda && isEmpty(agenda) && (
        <p class="agenda__empty">
          Nothing is waiting for you right now. Find a <Link href="/spaces">space</Link> to join, or see{' '}
          <Link href="/expertise">who can help</Link> with what.
        </p>
      )}
      {awaiting && awaiting.items.length > 0 && (
        <AgendaSection
          name="stance"
          title="Waiting for your stance"
          count={awaiting.total}
          footer={
            awaiting.total > awaiting.items.length ? (
              <>
                Showing the {awaiting.items.length} soonest of {awaiting.total}.{' '}
                <Link href="/decisions?state=open">All open proposals</Link>
              </>
            ) : undefined
          }
        >
          <ul class="agenda__list" ref={listRef}>
            {awaiting.items.map((proposal) => (
              <AwaitingStance key={proposal.id} proposal={proposal} spaces={spaces} onTaken={taken} />
            ))}
          </ul>
        </AgendaSection>
      )}
      {agenda && agenda.suggested.items.length > 0 && (
        <AgendaSection name="suggested" title="You could help">
          <ul class="agenda__list">
            {agenda.suggested.items.map((problem) => (
              <li key={problem.id} class="agenda-item">
                <Link class="agenda-item__title" href={problemHref(problem.id)}>
                  {problem.title}
                </Link>
                <p class="agenda-item__meta muted">
                  In <SpaceName spaceId={problem.space_id} spaces={spaces} /> · asked by {problem.author.name}{' '}
                  <RelativeTime value={problem.created_at} past />
                </p>
              </li>
            ))}
          </ul>
        </AgendaSection>
      )}
      {agenda && agenda.open_problems.items.length > 0 && (
        <AgendaSection
          name="problems"
          title="Open problems in your spaces"
          count={agenda.open_problems.total}
          footer={<Link href="/problems?state=open">All open problems</Link>}
        >
          <ul class="agenda__list">
            {agenda.open_problems.items.map((problem) => (
              <li key={problem.id} class="agenda-item">
                <Link class="agenda-item__title" href={problemHref(problem.id)}>
                  {problem.title}
                </Link>
                <p class="agenda-item__meta muted">
                  In <SpaceName spaceId={problem.space_id} spaces={spaces} /> ·{' '}
                  {problem.solution_count === 0
                    ? 'no solutions yet'
                    : plural(problem.solution_count, 'solution', 'solutions')}
                </p>
              </li>
            ))}
          </ul>
        </AgendaSection>
      )}
      {agenda && agenda.recent_decisions.items.length > 0 && (
        <AgendaSection name="decisions" title="Decided lately" footer={<Link href="/decisions">All decisions</Link>}>
          <ul class="agenda__list">
            {agenda.recent_decisions.items.map((proposal) => (
              <li key={proposal.id} class="agenda-item">
                <Link class="agenda-item__title" href={proposalHref(proposal.id)}>
                  {proposal.title}
                </Link>
                <p class="agenda-item__meta muted">
                  {proposal.decision && <StatusBadge status={proposal.decision} />}{' '}
                  {proposal.closed_at && (
                    <>
                      decided <RelativeTime value={proposal.closed_at} past />
                    </>
                  )}
                </p>
                {proposal.outcome && <p class="agenda-item__outcome">{proposal.outcome}</p>}
              </li>
            ))}
          </ul>
        </AgendaSection>
      )}
      {agenda && agenda.idea_updates.items.length > 0 && (
        <AgendaSection name="ideas" title="Your ideas">
          <ul class="agenda__list">
            {agenda.idea_updates.items.map((idea) => (
              <li key={idea.id} class="agenda-item">
                <Link class="agenda-item__title" href={ideaHref(idea.id)}>
                  {idea.title}
                </Link>
                <p class="agenda-item__meta muted">
                  <StatusBadge status={idea.stage} /> · moved <RelativeTime value={idea.stage_changed_at} past />
                </p>
              </li>
            ))}
          </ul>
        </AgendaSection>
      )}
      {agenda && agenda.records.items.length > 0 && (
        <AgendaSection name="records" title="Records you follow" footer={<Link href="/records">All records</Link>}>
          <ul class="agenda__list">
            {agenda.records.items.map((record) => (
              <li key={record.id} class="agenda-item">
                <Link class="agenda-item__title" href={recordHref(record.id)}>
                  {record.title}
                </Link>
                <p class="agenda-item__meta muted">
                  {record.system} {record.type} {record.external_id} · changed <RelativeTime value={record.updated_at} past />
                </p>
              </li>
            ))}
          </ul>
        </AgendaSection>
      )}
      {agenda && agenda.spaces.items.length > 0 && (
        <AgendaSection name="spaces" title="Your spaces" footer={<Link href="/spaces">All spaces</Link>}>
          <ul class="agenda__spaces">
            {agenda.spaces.items.map((space) => (
              <li key={space.id}>
                <Link href={spaceHref(space.id)}>{space.name}</Link>
              </li>
            ))}
          </ul>
        </AgendaSection>
      )}
    </section>
  );
}

// The outcome chain shown on problem, idea and proposal pages: problem → ideas → proposals →
// decision, each step with its status and the people who took part, every item linked. The item
// of the current page is marked (aria-current) and not linked to itself.

import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { Chain, PersonSummary } from '../api/types';
import { Link } from '../state/router';
import { ideaHref, PeopleStack, problemHref, proposalHref, StatusBadge } from './collab';

type ItemType = 'problem' | 'idea' | 'proposal';

interface ChainItemProps {
  type: ItemType;
  id: string;
  title: string;
  href: string;
  badge: ComponentChildren;
  people: PersonSummary[];
  current: boolean;
  children?: ComponentChildren;
}

function ChainItem({ type, id, title, href, badge, people, current, children }: ChainItemProps) {
  return (
    <li
      class={`chain-item${current ? ' chain-item--current' : ''}`}
      data-chain-type={type}
      data-chain-id={id}
      aria-current={current ? 'page' : undefined}
    >
      <p class="chain-item__title">
        {current ? (
          <span>
            {title} <span class="muted">(this page)</span>
          </span>
        ) : (
          <Link href={href}>{title}</Link>
        )}{' '}
        {badge}
      </p>
      {children}
      <PeopleStack people={people} label={`People who took part in “${title}”`} max={6} />
    </li>
  );
}

function Step({ label, children, empty }: { label: string; children: ComponentChildren; empty?: string | null }) {
  const id = useId();
  return (
    <li class="chain__step" aria-labelledby={id}>
      <h3 id={id} class="chain__label">
        {label}
      </h3>
      {empty ? <p class="muted chain__empty">{empty}</p> : <ul class="chain__items">{children}</ul>}
    </li>
  );
}

export function ChainView({ chain, current }: { chain: Chain; current: { type: ItemType; id: string } }) {
  const headingId = useId();
  const is = (type: ItemType, id: string) => current.type === type && current.id === id;
  const decided = chain.proposals.filter((p) => p.status === 'closed');
  return (
    <section class="card chain" aria-labelledby={headingId}>
      <h2 id={headingId}>From problem to decision</h2>
      <ol class="chain__steps">
        <Step label="Problem" empty={chain.problem ? null : 'Not started from a problem.'}>
          {chain.problem && (
            <ChainItem
              type="problem"
              id={chain.problem.id}
              title={chain.problem.title}
              href={problemHref(chain.problem.id)}
              badge={<StatusBadge status={chain.problem.status} />}
              people={chain.problem.people}
              current={is('problem', chain.problem.id)}
            />
          )}
        </Step>
        <Step label="Ideas" empty={chain.ideas.length ? null : 'No ideas yet.'}>
          {chain.ideas.map((idea) => (
            <ChainItem
              key={idea.id}
              type="idea"
              id={idea.id}
              title={idea.title}
              href={ideaHref(idea.id)}
              badge={<StatusBadge status={idea.stage} />}
              people={idea.people}
              current={is('idea', idea.id)}
            />
          ))}
        </Step>
        <Step label="Proposals" empty={chain.proposals.length ? null : 'No proposals yet.'}>
          {chain.proposals.map((proposal) => (
            <ChainItem
              key={proposal.id}
              type="proposal"
              id={proposal.id}
              title={proposal.title}
              href={proposalHref(proposal.id)}
              badge={<StatusBadge status={proposal.status} />}
              people={proposal.people}
              current={is('proposal', proposal.id)}
            />
          ))}
        </Step>
        <Step label="Decision" empty={decided.length ? null : 'No decision yet.'}>
          {decided.map((proposal) => (
            <li key={proposal.id} class="chain-decision" data-decision={proposal.decision ?? ''}>
              <p class="chain-decision__head">
                <StatusBadge status={proposal.decision ?? 'closed'} />{' '}
                <Link href={proposalHref(proposal.id)}>{proposal.title}</Link>
              </p>
              {proposal.outcome && <p class="chain-decision__outcome">{proposal.outcome}</p>}
            </li>
          ))}
        </Step>
      </ol>
    </section>
  );
}

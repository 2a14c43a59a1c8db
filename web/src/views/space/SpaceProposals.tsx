// A space's proposals, open or closed, newest first, each with its tally; members open new ones.

import { useState } from 'preact/hooks';
import { spaces as spacesApi } from '../../api/endpoints';
import type { Proposal, ProposalStatus, Space } from '../../api/types';
import { Alert } from '../../components/Alert';
import { kStanceLabels, kStances, proposalHref, StatusBadge } from '../../components/collab';
import { DisclosureButton, NewProposalForm } from '../../components/CollabForms';
import { DateTime } from '../../components/DateTime';
import { SelectField } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { usePagedList } from '../../components/usePagedList';
import { Link, navigate } from '../../state/router';

function ProposalRow({ proposal }: { proposal: Proposal }) {
  const tally = kStances.map((s) => `${kStanceLabels[s]} ${proposal.tally[s]}`).join(', ');
  return (
    <li class="item-row" data-proposal-id={proposal.id}>
      <div class="item-row__main">
        <Link class="item-row__title" href={proposalHref(proposal.id)}>
          {proposal.title}
        </Link>
        <p class="item-row__meta muted">
          <StatusBadge status={proposal.status} />
          {proposal.decision && (
            <>
              {' '}
              <StatusBadge status={proposal.decision} />
            </>
          )}{' '}
          {proposal.author.name} ·{' '}
          {proposal.status === 'open' ? (
            <>
              closes <DateTime value={proposal.closes_at} />
            </>
          ) : (
            <>
              closed <DateTime value={proposal.closed_at ?? proposal.closes_at} />
            </>
          )}{' '}
          · {tally}
        </p>
      </div>
    </li>
  );
}

export function SpaceProposals({ space }: { space: Space }) {
  const [status, setStatus] = useState<'' | ProposalStatus>('');
  const [creating, setCreating] = useState(false);
  const list = usePagedList(
    (cursor, signal) => spacesApi.proposals(space.id, { status: status || undefined, cursor, limit: 30 }, signal),
    `${space.id}:${status}`,
  );
  return (
    <div class="space-section">
      <div class="section-bar">
        <h2>Proposals</h2>
        <SelectField
          className="field--inline"
          label="Show"
          value={status}
          onValue={(value) => setStatus(value as '' | ProposalStatus)}
          options={[
            { value: '', label: 'All proposals' },
            { value: 'open', label: 'Open' },
            { value: 'closed', label: 'Closed' },
          ]}
        />
        {space.my_role && (
          <DisclosureButton label="Open a proposal" open={creating} onToggle={setCreating} controls="new-proposal" />
        )}
      </div>
      {creating && (
        <NewProposalForm
          id="new-proposal"
          spaceId={space.id}
          onCancel={() => setCreating(false)}
          onCreated={(proposal) => navigate(proposalHref(proposal.id))}
        />
      )}
      {list.error && <Alert>{list.error}</Alert>}
      <p class="muted list-status" role="status">
        {list.loading && list.items.length === 0
          ? 'Loading proposals…'
          : list.items.length === 0
            ? status
              ? `No ${status} proposals.`
              : 'No proposals yet.'
            : ''}
      </p>
      <ul class="item-list" aria-label="Proposals">
        {list.items.map((proposal) => (
          <ProposalRow key={proposal.id} proposal={proposal} />
        ))}
      </ul>
      <LoadMore hasMore={Boolean(list.cursor)} loading={list.loading} onLoad={list.loadMore} label="More proposals" />
    </div>
  );
}

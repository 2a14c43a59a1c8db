// A space's proposals, open or closed, newest first, each with its tally; members open new ones.
// `?follow_up_of=ID` (the "Follow up" of a closed proposal) opens the form to follow that one up.

import { useEffect, useState } from 'preact/hooks';
import { proposals as proposalsApi, spaces as spacesApi } from '../../api/endpoints';
import type { Proposal, ProposalStatus, Space } from '../../api/types';
import { Alert } from '../../components/Alert';
import { kStanceLabels, kStances, proposalHref, spaceHref, StatusBadge } from '../../components/collab';
import { DisclosureButton, NewProposalForm } from '../../components/CollabForms';
import { DateTime } from '../../components/DateTime';
import { SelectField } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { ListStatus } from '../../components/LoadState';
import { useItem } from '../../components/useItem';
import { usePagedList } from '../../components/usePagedList';
import { Link, navigate, useLocation } from '../../state/router';

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
  const location = useLocation();
  const followUpOf = location.query.get('follow_up_of') ?? '';
  const [status, setStatus] = useState<'' | ProposalStatus>('');
  const [creating, setCreating] = useState(() => followUpOf !== '');
  // The proposal to follow up, for its title (the form starts from it once it is in).
  const followed = useItem((signal) => proposalsApi.get(followUpOf, signal), [followUpOf], {
    enabled: followUpOf !== '',
    clearOnChange: true,
    missingOn: [404, 403],
  });
  const followUp = followUpOf && followed.data?.id === followUpOf ? { id: followUpOf, title: followed.data.title } : undefined;
  const followUpPending = followUpOf !== '' && !followUp && !followed.missing && !followed.error;
  useEffect(() => {
    if (followUpOf) setCreating(true);
  }, [followUpOf]);
  const toggle = (open: boolean) => {
    setCreating(open);
    // Closing the form drops the follow-up from the address; opening it again starts afresh.
    if (!open && followUpOf) navigate(spaceHref(space.id, 'proposals'), { replace: true });
  };
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
          <DisclosureButton label="Open a proposal" open={creating} onToggle={toggle} controls="new-proposal" />
        )}
      </div>
      {creating && space.my_role && followUpPending && (
        <p class="muted" role="status" id="new-proposal">
          Loading the proposal to follow up…
        </p>
      )}
      {creating && space.my_role && followUpOf && (followed.missing || followed.error) && (
        <Alert>{followed.error ?? 'The proposal to follow up is not there, or not yours to see.'}</Alert>
      )}
      {creating && space.my_role && !followUpPending && (
        <NewProposalForm
          key={followUp?.id ?? ''}
          id="new-proposal"
          spaceId={space.id}
          followUp={followUp}
          onCancel={() => toggle(false)}
          onCreated={(proposal) => navigate(proposalHref(proposal.id))}
        />
      )}
      <ListStatus
        loading={list.loading && list.items.length === 0}
        error={list.error}
        onRetry={list.retry}
        what="Proposals"
        loadingLabel="Loading proposals…"
      >
        {list.items.length === 0 &&
          (status
            ? `No ${status} proposals.`
            : space.my_role
              ? 'No proposals yet. Ready to decide something together? Use “Open a proposal”.'
              : 'No proposals yet.')}
      </ListStatus>
      <ul class="item-list" aria-label="Proposals">
        {list.items.map((proposal) => (
          <ProposalRow key={proposal.id} proposal={proposal} />
        ))}
      </ul>
      <LoadMore hasMore={Boolean(list.cursor)} loading={list.loading} onLoad={list.loadMore} label="More proposals" />
    </div>
  );
}

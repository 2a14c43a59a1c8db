// A space's problems, open or resolved, newest first; members post new ones.

import { useState } from 'preact/hooks';
import { spaces as spacesApi } from '../../api/endpoints';
import type { Problem, ProblemStatus, Space } from '../../api/types';
import { formatDuration, plural, problemHref, StatusBadge } from '../../components/collab';
import { DisclosureButton, NewProblemForm } from '../../components/CollabForms';
import { DateTime } from '../../components/DateTime';
import { SelectField } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { ListStatus } from '../../components/LoadState';
import { usePagedList } from '../../components/usePagedList';
import { Link, navigate } from '../../state/router';

function ProblemRow({ problem }: { problem: Problem }) {
  return (
    <li class="item-row" data-problem-id={problem.id}>
      <div class="item-row__main">
        <Link class="item-row__title" href={problemHref(problem.id)}>
          {problem.title}
        </Link>
        <p class="item-row__meta muted">
          <StatusBadge status={problem.status} /> {problem.author.name} · <DateTime value={problem.created_at} /> ·{' '}
          {plural(problem.solution_count, 'solution', 'solutions')}
          {problem.status === 'resolved' && problem.resolution_seconds !== null && (
            <> · resolved in {formatDuration(problem.resolution_seconds)}</>
          )}
        </p>
      </div>
    </li>
  );
}

export function SpaceProblems({ space }: { space: Space }) {
  const [status, setStatus] = useState<'' | ProblemStatus>('');
  const [creating, setCreating] = useState(false);
  const list = usePagedList(
    (cursor, signal) => spacesApi.problems(space.id, { status: status || undefined, cursor, limit: 30 }, signal),
    `${space.id}:${status}`,
  );
  return (
    <div class="space-section">
      <div class="section-bar">
        <h2>Problems</h2>
        <SelectField
          className="field--inline"
          label="Show"
          value={status}
          onValue={(value) => setStatus(value as '' | ProblemStatus)}
          options={[
            { value: '', label: 'All problems' },
            { value: 'open', label: 'Open' },
            { value: 'resolved', label: 'Resolved' },
          ]}
        />
        {space.my_role && (
          <DisclosureButton label="Post a problem" open={creating} onToggle={setCreating} controls="new-problem" />
        )}
      </div>
      {creating && (
        <NewProblemForm
          id="new-problem"
          spaceId={space.id}
          onCancel={() => setCreating(false)}
          onCreated={(problem) => navigate(problemHref(problem.id))}
        />
      )}
      <ListStatus
        loading={list.loading && list.items.length === 0}
        error={list.error}
        onRetry={list.retry}
        what="Problems"
        loadingLabel="Loading problems…"
      >
        {list.items.length === 0 &&
          (status
            ? `No ${status} problems.`
            : space.my_role
              ? 'No problems posted yet. Something in the way? Post it with “Post a problem”.'
              : 'No problems posted yet.')}
      </ListStatus>
      <ul class="item-list" aria-label="Problems">
        {list.items.map((problem) => (
          <ProblemRow key={problem.id} problem={problem} />
        ))}
      </ul>
      <LoadMore hasMore={Boolean(list.cursor)} loading={list.loading} onLoad={list.loadMore} label="More problems" />
    </div>
  );
}

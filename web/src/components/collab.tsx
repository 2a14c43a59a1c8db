// Small shared pieces of the collaborative layer: labels for kinds, visibilities, stages and
// stances, durations, status badges, the "people who took part" avatar stack, up/down vote
// buttons, and a hook that loads the space an item belongs to (for its name and my role).

import { spaces as spacesApi } from '../api/endpoints';
import type {
  Decision,
  IdeaStage,
  PersonSummary,
  ProblemStatus,
  ProposalStatus,
  Space,
  SpaceKind,
  SpaceRole,
  SpaceVisibility,
  Stance,
  Vote,
} from '../api/types';
import { Link } from '../state/router';
import { Avatar } from './Avatar';
import { useItem } from './useItem';

export const kKindLabels: Record<SpaceKind, string> = {
  project: 'Project',
  problem: 'Problem solving',
  community: 'Community',
};

export const kVisibilityLabels: Record<SpaceVisibility, string> = {
  public: 'Public',
  private: 'Private',
  secret: 'Secret',
};

export const kVisibilityExplanations: Record<SpaceVisibility, string> = {
  public: 'Everyone in the organization can see the space and its content, and join it. Outside guests cannot.',
  private:
    'The organization sees the name and purpose and can ask to join; an owner approves. Only members see the content.',
  secret: 'Invisible to everyone who is not a member. Owners add people themselves.',
};

export const kRoleLabels: Record<SpaceRole, string> = {
  owner: 'Owner',
  member: 'Member',
  guest: 'Guest',
};

export const kStages: readonly IdeaStage[] = ['new', 'under_review', 'accepted', 'implemented', 'declined'];

export const kStageLabels: Record<IdeaStage, string> = {
  new: 'New',
  under_review: 'Under review',
  accepted: 'Accepted',
  implemented: 'Implemented',
  declined: 'Declined',
};

/** The moves the server allows from each stage (collaboration.md, Ideas). */
export const kStageMoves: Record<IdeaStage, readonly IdeaStage[]> = {
  new: ['under_review', 'declined'],
  under_review: ['accepted', 'declined', 'new'],
  accepted: ['implemented', 'under_review', 'declined'],
  declined: ['under_review'],
  implemented: [],
};

export const kStances: readonly Stance[] = ['agree', 'abstain', 'disagree', 'block'];

export const kStanceLabels: Record<Stance, string> = {
  agree: 'Agree',
  abstain: 'Abstain',
  disagree: 'Disagree',
  block: 'Block',
};

export const kDecisionLabels: Record<Decision, string> = {
  adopted: 'Adopted',
  rejected: 'Rejected',
};

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const kDurationUnits: ReadonlyArray<readonly [number, string, string]> = [
  [86_400, 'day', 'days'],
  [3_600, 'hour', 'hours'],
  [60, 'minute', 'minutes'],
  [1, 'second', 'seconds'],
];

/** "3 days 4 hours", "12 minutes", "40 seconds": the largest unit and the next one if not zero. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  for (let i = 0; i < kDurationUnits.length; i++) {
    const [size, one, many] = kDurationUnits[i]!;
    if (seconds < size && size !== 1) continue;
    const n = Math.floor(seconds / size);
    const parts = [plural(n, one, many)];
    const next = kDurationUnits[i + 1];
    if (next) {
      const m = Math.floor((seconds - n * size) / next[0]);
      if (m > 0) parts.push(plural(m, next[1], next[2]));
    }
    return parts.join(' ');
  }
  return '0 seconds';
}

export function spaceHref(id: string, tab?: string): string {
  return `/spaces/${encodeURIComponent(id)}${tab && tab !== 'feed' ? `?tab=${tab}` : ''}`;
}
export const problemHref = (id: string) => `/problems/${encodeURIComponent(id)}`;
/** The proposals tab of a space with the form open to follow up a closed proposal. */
export const followUpHref = (spaceId: string, proposalId: string) =>
  `${spaceHref(spaceId, 'proposals')}&follow_up_of=${encodeURIComponent(proposalId)}`;
export const ideaHref = (id: string) => `/ideas/${encodeURIComponent(id)}`;
export const proposalHref = (id: string) => `/proposals/${encodeURIComponent(id)}`;
export const personHref = (id: string) => `/people/${encodeURIComponent(id)}`;

type BadgeStatus = ProblemStatus | ProposalStatus | IdeaStage | Decision;

const kStatusText: Record<BadgeStatus, string> = {
  open: 'Open',
  resolved: 'Resolved',
  closed: 'Closed',
  ...kStageLabels,
  ...kDecisionLabels,
};

export function StatusBadge({ status }: { status: BadgeStatus }) {
  return (
    <span class={`status status--${status}`} data-status={status}>
      {kStatusText[status]}
    </span>
  );
}

/** Overlapping avatars linking to the people, with their names in text after them. */
export function PeopleStack({ people, label, max = 8 }: { people: PersonSummary[]; label: string; max?: number }) {
  if (people.length === 0) return <p class="muted people-stack__none">No one yet.</p>;
  const shown = people.slice(0, max);
  const names = people.slice(0, 3).map((p) => p.name);
  const more = people.length - names.length;
  return (
    <div class="people-stack">
      <ul class="people-stack__avatars" aria-label={label}>
        {shown.map((person) => (
          <li key={person.id}>
            <Link href={personHref(person.id)}>
              <span title={person.name}>
                <Avatar id={person.id} name={person.name} src={person.avatar_url} size="sm" labelled />
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <span class="people-stack__names muted" aria-hidden="true">
        {names.join(', ')}
        {more > 0 ? ` and ${more} more` : ''}
      </span>
    </div>
  );
}

interface VoteButtonsProps {
  /** What is voted on, for the buttons' names ("Vote up: <subject>"). */
  subject: string;
  score: number;
  myVote: Vote;
  onVote: (value: Vote) => void;
  busy?: boolean;
  disabled?: boolean;
  disabledReason?: string;
}

/** ▲ score ▼; pressing the current vote again withdraws it. */
export function VoteButtons({ subject, score, myVote, onVote, busy, disabled, disabledReason }: VoteButtonsProps) {
  return (
    <div class="votes" role="group" aria-label={`Votes on ${subject}`} title={disabled ? disabledReason : undefined}>
      <button
        type="button"
        class={`votes__button${myVote === 1 ? ' votes__button--on' : ''}`}
        aria-pressed={myVote === 1}
        aria-label={`Vote up: ${subject}`}
        disabled={busy || disabled}
        onClick={() => onVote(myVote === 1 ? 0 : 1)}
      >
        <span aria-hidden="true">▲</span>
      </button>
      <span class="votes__score" data-score={score}>
        <span class="visually-hidden">Score </span>
        {score}
      </span>
      <button
        type="button"
        class={`votes__button${myVote === -1 ? ' votes__button--on' : ''}`}
        aria-pressed={myVote === -1}
        aria-label={`Vote down: ${subject}`}
        disabled={busy || disabled}
        onClick={() => onVote(myVote === -1 ? 0 : -1)}
      >
        <span aria-hidden="true">▼</span>
      </button>
    </div>
  );
}

export interface SpaceState {
  space: Space | null;
  missing: boolean;
  error: string | null;
  reload: () => void;
}

/** The space an item lives in; `missing` when it is invisible or gone. */
export function useSpace(spaceId: string | null | undefined): SpaceState {
  const { data, missing, error, reload } = useItem((signal) => spacesApi.get(spaceId!, signal), [spaceId], {
    enabled: Boolean(spaceId),
  });
  return { space: data, missing, error, reload };
}

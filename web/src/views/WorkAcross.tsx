// Work across spaces: the problems, ideas and decisions of every space the reader may see, newest
// first, in one list per kind. Tabs pick the state (with the server's counts under the same space
// and unit), pickers narrow to one of the reader's spaces or to the work of one unit's people, and
// all three are in the address (`?state=…&space=…&unit=…`) so a view can be linked.

import type { ComponentChildren, FunctionComponent } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { across, spaces as spacesApi } from '../api/endpoints';
import type { AcrossQuery } from '../api/endpoints';
import type { Idea, IdeaStage, Page, Problem, Proposal, Space, SpaceName } from '../api/types';
import {
  formatDuration,
  ideaHref,
  kStageLabels,
  kStages,
  kStanceLabels,
  kStances,
  personHref,
  plural,
  problemHref,
  proposalHref,
  spaceHref,
  StatusBadge,
} from '../components/collab';
import { DateTime } from '../components/DateTime';
import { SelectField } from '../components/Field';
import { ListStatus } from '../components/LoadState';
import { LoadMore } from '../components/LoadMore';
import { TabPanel, Tabs } from '../components/Tabs';
import type { TabItem } from '../components/Tabs';
import { UnitSelect } from '../components/UnitSelect';
import { useItem } from '../components/useItem';
import { usePagedList } from '../components/usePagedList';
import { Link, navigate, useLocation } from '../state/router';
import { useUnits } from '../state/units';

type Counts = Record<string, number>;

interface View {
  /** '' for all, else one of the kind's states. */
  state: string;
  space: string;
  unit: string;
}

interface StateTab {
  key: string;
  label: string;
  /** The words for an empty list of this state: "No {words} in …". */
  words: string;
}

interface AcrossPage<T> extends Page<T> {
  counts: Counts;
  spaces: SpaceName[];
}

interface KindConfig<T extends { id: string; space_id: string }> {
  title: string;
  path: string;
  intro: string;
  /** "problems": for the list's name, "More problems", "Loading problems…". */
  noun: string;
  states: StateTab[];
  /** Whether the counts add up to every item (not so for proposals closed without a decision). */
  countsCoverAll: boolean;
  fetch: (state: string, query: AcrossQuery, signal?: AbortSignal) => Promise<AcrossPage<T>>;
  Row: FunctionComponent<{ item: T; space: SpaceName | undefined }>;
}

const kLimit = 20;

function viewHref(path: string, view: View): string {
  const params = new URLSearchParams();
  if (view.state) params.set('state', view.state);
  if (view.space) params.set('space', view.space);
  if (view.unit) params.set('unit', view.unit);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The space an item is in: its name linked to the space, or its number while the name is not in. */
function SpaceLink({ spaceId, space }: { spaceId: string; space: SpaceName | undefined }) {
  return (
    <Link class="across-row__space" href={spaceHref(spaceId)}>
      {space?.name ?? `Space ${spaceId}`}
    </Link>
  );
}

function RowShell({
  kind,
  id,
  href,
  title,
  badges,
  spaceId,
  space,
  author,
  children,
}: {
  kind: string;
  id: string;
  href: string;
  title: string;
  badges: ComponentChildren;
  spaceId: string;
  space: SpaceName | undefined;
  author: { id: string; name: string };
  children: ComponentChildren;
}) {
  return (
    <li class="item-row across-row" data-kind={kind} data-id={id}>
      <div class="item-row__main">
        <Link class="item-row__title" href={href}>
          {title}
        </Link>
        <p class="item-row__meta muted across-row__where">
          {badges} in <SpaceLink spaceId={spaceId} space={space} /> · by{' '}
          <Link href={personHref(author.id)}>{author.name}</Link>
        </p>
        <p class="item-row__meta muted across-row__state">{children}</p>
      </div>
    </li>
  );
}

function ProblemRow({ item, space }: { item: Problem; space: SpaceName | undefined }) {
  return (
    <RowShell
      kind="problem"
      id={item.id}
      href={problemHref(item.id)}
      title={item.title}
      badges={<StatusBadge status={item.status} />}
      spaceId={item.space_id}
      space={space}
      author={item.author}
    >
      posted <DateTime value={item.created_at} /> · {plural(item.solution_count, 'solution', 'solutions')}
      {item.status === 'resolved' && item.resolved_at && (
        <>
          {' '}
          · resolved <DateTime value={item.resolved_at} />
          {item.resolution_seconds !== null && <> (in {formatDuration(item.resolution_seconds)})</>}
        </>
      )}
    </RowShell>
  );
}

function IdeaRow({ item, space }: { item: Idea; space: SpaceName | undefined }) {
  return (
    <RowShell
      kind="idea"
      id={item.id}
      href={ideaHref(item.id)}
      title={item.title}
      badges={<StatusBadge status={item.stage} />}
      spaceId={item.space_id}
      space={space}
      author={item.author}
    >
      pitched <DateTime value={item.created_at} /> · <span data-score={item.score}>score {item.score}</span> ·{' '}
      {plural(item.comment_count, 'comment', 'comments')}
      {item.stage !== 'new' && (
        <>
          {' '}
          · {kStageLabels[item.stage as IdeaStage].toLowerCase()} <DateTime value={item.stage_changed_at} />
        </>
      )}
    </RowShell>
  );
}

function ProposalRow({ item, space }: { item: Proposal; space: SpaceName | undefined }) {
  const tally = kStances.map((s) => `${kStanceLabels[s]} ${item.tally[s]}`).join(', ');
  return (
    <RowShell
      kind="proposal"
      id={item.id}
      href={proposalHref(item.id)}
      title={item.title}
      badges={
        item.decision ? <StatusBadge status={item.decision} /> : <StatusBadge status={item.status} />
      }
      spaceId={item.space_id}
      space={space}
      author={item.author}
    >
      {item.status === 'open' ? (
        <>
          closes <DateTime value={item.closes_at} />
        </>
      ) : (
        <>
          {item.decision ? 'decided' : 'closed'} <DateTime value={item.closed_at ?? item.closes_at} />
        </>
      )}{' '}
      · <span class="across-row__tally">{tally}</span>
      {item.status === 'closed' && item.outcome && (
        <span class="across-row__outcome">
          <span class="visually-hidden">. </span>Outcome: {item.outcome}
        </span>
      )}
    </RowShell>
  );
}

/** Answers the reader can act on: a space or unit they may not use is named as such. */
function explained<T>(promise: Promise<T>, view: View): Promise<T> {
  return promise.catch((error: unknown) => {
    if (error instanceof ApiError) {
      if (view.space && (error.status === 403 || error.status === 404 || error.field === 'space_id')) {
        throw new ApiError(error.status, error.code, 'That space is not one you can see, or it is not there.', error.field);
      }
      if (error.status === 400 && error.field === 'unit_id') {
        throw new ApiError(error.status, error.code, 'That unit is not there.', error.field);
      }
      if (error.status === 400 && error.field) {
        throw new ApiError(error.status, error.code, `The address has a filter the server does not know (${error.field}).`, error.field);
      }
    }
    throw error;
  });
}

function AcrossList<T extends { id: string; space_id: string }>({ config }: { config: KindConfig<T> }) {
  const location = useLocation();
  const stateParam = location.query.get('state') ?? '';
  const view: View = {
    state: config.states.some((s) => s.key === stateParam) ? stateParam : '',
    space: location.query.get('space') ?? '',
    unit: location.query.get('unit') ?? '',
  };
  const key = `${view.state}|${view.space}|${view.unit}`;
  const filterKey = `${view.space}|${view.unit}`;

  const [counts, setCounts] = useState<{ key: string; counts: Counts } | null>(null);
  const [names, setNames] = useState<Map<string, SpaceName>>(() => new Map());
  const current = useRef(key);
  current.current = key;

  const list = usePagedList<T>(
    (cursor, signal) =>
      explained(
        config.fetch(
          view.state,
          { space_id: view.space || undefined, unit_id: view.unit || undefined, cursor, limit: kLimit },
          signal,
        ),
        view,
      ).then((page) => {
        if (current.current === key) {
          if (cursor === null) setCounts({ key: filterKey, counts: page.counts });
          if (page.spaces.length) {
            setNames((previous) => {
              const next = new Map(previous);
              for (const space of page.spaces) next.set(space.id, space);
              return next;
            });
          }
        }
        return page;
      }),
    key,
  );

  // The counts stay while another tab loads (they do not depend on the state), not across filters.
  const shownCounts = counts && counts.key === filterKey ? counts.counts : null;

  const { loaded: unitsLoaded, byId: unitsById } = useUnits();
  const mySpaces = useItem((signal) => spacesApi.list({ mine: true, limit: 100 }, signal), [], { missingOn: [] });
  const spaceOptions = [
    { value: '', label: 'All spaces I can see' },
    ...(mySpaces.data?.items ?? [])
      .map((space: Space) => ({ value: space.id, label: space.name }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  ];
  // A linked space that is not one of mine still shows as chosen, by name once it is known (from
  // the list's answer, or asked for when the list is empty); the server says if it may not be seen.
  const outside = Boolean(view.space && mySpaces.data && !mySpaces.data.items.some((s) => s.id === view.space));
  const linked = useItem((signal) => spacesApi.get(view.space, signal), [view.space], {
    enabled: outside && !names.has(view.space),
    missingOn: [403, 404],
  });
  if (view.space && !spaceOptions.some((o) => o.value === view.space)) {
    const name = names.get(view.space)?.name ?? (linked.data?.id === view.space ? linked.data.name : `Space ${view.space}`);
    spaceOptions.push({ value: view.space, label: name });
  }

  const change = (changes: Partial<View>) => navigate(viewHref(config.path, { ...view, ...changes }), { replace: true });

  const total = shownCounts ? Object.values(shownCounts).reduce((sum, n) => sum + n, 0) : null;
  const countOf = (state: string) => (shownCounts ? shownCounts[state] ?? 0 : null);
  const tabs: Array<TabItem<string>> = [
    {
      key: '',
      label: 'All',
      extra: config.countsCoverAll && total !== null ? <span class="tabs__count"> {total}</span> : undefined,
    },
    ...config.states.map((state) => {
      const n = countOf(state.key);
      return { key: state.key, label: state.label, extra: n === null ? undefined : <span class="tabs__count"> {n}</span> };
    }),
  ];

  const spaceName = view.space ? names.get(view.space)?.name ?? spaceOptions.find((o) => o.value === view.space)?.label : '';
  const unitName = view.unit ? unitsById.get(view.unit)?.name : '';
  const where = `${spaceName ? `in ${spaceName}` : 'in the spaces you can see'}${unitName ? ` by people of ${unitName}` : ''}`;
  const words = config.states.find((s) => s.key === view.state)?.words ?? config.noun;

  return (
    <section class="page across-page" data-kind={config.noun}>
      <header class="page__header">
        <h1>{config.title}</h1>
      </header>
      <p class="muted across-page__intro">{config.intro}</p>
      <form class="across-page__filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          key={mySpaces.data ? 'spaces' : 'no-spaces'}
          label="Space"
          name="space"
          value={view.space}
          onValue={(space) => change({ space })}
          options={spaceOptions}
        />
        <UnitSelect
          key={unitsLoaded ? 'units' : 'no-units'}
          label="Unit"
          name="unit"
          value={view.unit}
          onValue={(unit) => change({ unit })}
          emptyLabel="All units"
        />
      </form>
      {mySpaces.error && <p class="muted">Your spaces could not be loaded for the picker: {mySpaces.error}</p>}
      <Tabs
        tabs={tabs}
        current={view.state}
        onChange={(state) => change({ state })}
        label={`${config.title} by state`}
        idPrefix={`across-${config.noun}`}
      />
      <TabPanel idPrefix={`across-${config.noun}`} current={view.state}>
        <ListStatus
          loading={list.loading && list.items.length === 0}
          error={list.error}
          onRetry={list.retry}
          what={config.title}
          loadingLabel={`Loading ${config.noun}…`}
          errorActions={
            (view.space || view.unit) && (
              <button type="button" class="button button--ghost button--small" onClick={() => change({ space: '', unit: '' })}>
                Show all spaces and units
              </button>
            )
          }
        >
          {list.items.length === 0 && (
            <>
              No {words} {where}.{' '}
              {view.space || view.unit || view.state ? (
                <Link href={config.path}>See all {config.noun}</Link>
              ) : (
                <>
                  They start in a space: <Link href="/spaces">open one of your spaces</Link>.
                </>
              )}
            </>
          )}
        </ListStatus>
        <ul class="item-list across-list" aria-label={config.title}>
          {list.items.map((item) => (
            <config.Row key={item.id} item={item} space={names.get(item.space_id)} />
          ))}
        </ul>
        <LoadMore hasMore={Boolean(list.cursor)} loading={list.loading} onLoad={list.loadMore} label={`More ${config.noun}`} />
      </TabPanel>
    </section>
  );
}

const kProblems: KindConfig<Problem> = {
  title: 'Problems',
  path: '/problems',
  intro: 'Problems raised in every space you can see, newest first.',
  noun: 'problems',
  states: [
    { key: 'open', label: 'Open', words: 'open problems' },
    { key: 'resolved', label: 'Resolved', words: 'resolved problems' },
  ],
  countsCoverAll: true,
  fetch: (state, query, signal) =>
    across.problems({ ...query, status: state === 'open' || state === 'resolved' ? state : undefined }, signal),
  Row: ({ item, space }) => <ProblemRow item={item} space={space} />,
};

const kIdeaWords: Record<IdeaStage, string> = {
  new: 'new ideas',
  under_review: 'ideas under review',
  accepted: 'accepted ideas',
  implemented: 'implemented ideas',
  declined: 'declined ideas',
};

const kIdeas: KindConfig<Idea> = {
  title: 'Ideas',
  path: '/ideas',
  intro: 'Ideas pitched in every space you can see, newest first, by stage.',
  noun: 'ideas',
  states: kStages.map((stage) => ({ key: stage, label: kStageLabels[stage], words: kIdeaWords[stage] })),
  countsCoverAll: true,
  fetch: (state, query, signal) =>
    across.ideas({ ...query, stage: (kStages as readonly string[]).includes(state) ? (state as IdeaStage) : undefined }, signal),
  Row: ({ item, space }) => <IdeaRow item={item} space={space} />,
};

const kDecisions: KindConfig<Proposal> = {
  title: 'Decisions',
  path: '/decisions',
  intro: 'Proposals open for stances and the decisions taken, in every space you can see, newest first.',
  noun: 'proposals',
  states: [
    { key: 'open', label: 'Open', words: 'open proposals' },
    { key: 'adopted', label: 'Adopted', words: 'adopted proposals' },
    { key: 'rejected', label: 'Rejected', words: 'rejected proposals' },
  ],
  // A proposal may be closed without a decision: it is in "All" but in no count.
  countsCoverAll: false,
  fetch: (state, query, signal) =>
    across.proposals(
      state === 'open'
        ? { ...query, status: 'open' }
        : state === 'adopted' || state === 'rejected'
          ? { ...query, status: 'closed', decision: state }
          : query,
      signal,
    ),
  Row: ({ item, space }) => <ProposalRow item={item} space={space} />,
};

export function ProblemsAcrossSpaces() {
  return <AcrossList config={kProblems} />;
}

export function IdeasAcrossSpaces() {
  return <AcrossList config={kIdeas} />;
}

export function DecisionsAcrossSpaces() {
  return <AcrossList config={kDecisions} />;
}

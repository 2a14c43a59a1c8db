// Search posts, people, spaces, problems, ideas, proposals and records as you type (debounced), with tabs for the result type. The query and
// tab live in the URL. Snippets are server HTML with <mark> around matches; they still go through
// DOMPurify allowing <mark> only. Each hit names the space it belongs to (if any) and says where the
// words were found (title, text, author, name, handle, skills, purpose).

import { useEffect, useRef, useState } from 'preact/hooks';
import { search as searchApi } from '../api/endpoints';
import type { SearchHit } from '../api/types';
import { TextField } from '../components/Field';
import { LoadMore } from '../components/LoadMore';
import { sanitizeSnippet } from '../components/markdown';
import { useDebounced } from '../components/useDebounced';
import { ListStatus } from '../components/LoadState';
import { usePagedList } from '../components/usePagedList';
import { Link, navigate, useLocation } from '../state/router';

const kTabs = [
  { key: 'all', label: 'All', type: undefined },
  { key: 'posts', label: 'Posts', type: 'post' },
  { key: 'people', label: 'People', type: 'person' },
  { key: 'spaces', label: 'Spaces', type: 'space' },
  { key: 'problems', label: 'Problems', type: 'problem' },
  { key: 'ideas', label: 'Ideas', type: 'idea' },
  { key: 'proposals', label: 'Proposals', type: 'proposal' },
  { key: 'records', label: 'Records', type: 'record' },
  { key: 'pages', label: 'Pages', type: 'page' },
] as const;
type TabKey = (typeof kTabs)[number]['key'];

const kTypeLabels: Record<string, string> = {
  post: 'Post',
  person: 'Person',
  space: 'Space',
  problem: 'Problem',
  idea: 'Idea',
  proposal: 'Proposal',
  record: 'Record',
  page: 'Page',
};

function hitHref(hit: SearchHit): string | null {
  const id = encodeURIComponent(hit.id);
  switch (hit.type) {
    case 'post':
      return `/posts/${id}`;
    case 'person':
      return `/people/${id}`;
    case 'space':
      return `/spaces/${id}`;
    case 'problem':
      return `/problems/${id}`;
    case 'idea':
      return `/ideas/${id}`;
    case 'proposal':
      return `/proposals/${id}`;
    case 'record':
      return `/records/${id}`;
    case 'page':
      return `/pages/${id}`;
    default:
      return null;
  }
}

type MatchField = SearchHit['matched'][number];

// Fields read as "Matched in title and text"; the others as "Matched the author", "Matched skills".
const kMatchedIn: ReadonlySet<MatchField> = new Set<MatchField>(['title', 'text', 'purpose']);
const kMatchWords: Record<MatchField, string> = {
  title: 'title',
  text: 'text',
  purpose: 'purpose',
  author: 'the author',
  name: 'name',
  handle: 'handle',
  skills: 'skills',
};

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** "Matched in title and text", "Matched the author", "Matched name and skills"; '' when unknown. */
function matchedLine(matched: readonly string[] | null | undefined): string {
  const fields = (matched ?? []).filter((f): f is MatchField => f in kMatchWords);
  if (fields.length === 0) return '';
  const inside = fields.filter((f) => kMatchedIn.has(f)).map((f) => kMatchWords[f]);
  const others = fields.filter((f) => !kMatchedIn.has(f)).map((f) => kMatchWords[f]);
  const parts = [...(inside.length ? [`in ${listWords(inside)}`] : []), ...others];
  return `Matched ${listWords(parts)}`;
}

const hitKey = (hit: SearchHit) => `${hit.type}:${hit.id}`;

function tabFrom(value: string | null): TabKey {
  return kTabs.some((t) => t.key === value) ? (value as TabKey) : 'all';
}

export function Search() {
  const location = useLocation();
  const [q, setQ] = useState(() => location.query.get('q') ?? '');
  const [tab, setTab] = useState<TabKey>(() => tabFrom(location.query.get('type')));
  const debounced = useDebounced(q.trim().slice(0, 200), 250);
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const type = kTabs.find((t) => t.key === tab)?.type;
  const { items, cursor, loading, error, loadMore, retry } = usePagedList(
    (next, signal) => searchApi.run({ q: debounced, type, limit: 20, cursor: next }, signal),
    `${type ?? ''}:${debounced}`,
    { enabled: Boolean(debounced), identity: hitKey },
  );

  useEffect(() => {
    const params = new URLSearchParams();
    if (debounced) params.set('q', debounced);
    if (tab !== 'all') params.set('type', tab);
    const text = params.toString();
    navigate(`/search${text ? `?${text}` : ''}`, { replace: true });
  }, [debounced, tab]);

  const onTabKey = (event: KeyboardEvent, index: number) => {
    let next = index;
    if (event.key === 'ArrowRight') next = (index + 1) % kTabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + kTabs.length) % kTabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = kTabs.length - 1;
    else return;
    event.preventDefault();
    setTab(kTabs[next]!.key);
    tabRefs.current[next]?.focus();
  };

  const status = !debounced
    ? 'Type to search posts, people, spaces, problems, ideas, proposals and records.'
    : loading && items.length === 0
      ? 'Searching…'
      : items.length === 0
        ? `Nothing found for “${debounced}”. Try fewer or other words, or look under another tab.`
        : `${items.length}${cursor ? '+' : ''} ${items.length === 1 ? 'result' : 'results'} for “${debounced}”`;

  return (
    <section class="page page--feed">
      <header class="page__header">
        <h1>Search</h1>
      </header>
      <form class="search-form" role="search" onSubmit={(event) => event.preventDefault()}>
        <TextField
          label="Search"
          type="search"
          name="q"
          value={q}
          onValue={setQ}
          placeholder="Words from posts, names, handles, skills"
          autoComplete="off"
          maxLength={200}
        />
      </form>
      <div class="tabs tabs--scroll" role="tablist" aria-label="Result type">
        {kTabs.map((t, index) => (
          <button
            key={t.key}
            ref={(element) => {
              tabRefs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`search-tab-${t.key}`}
            aria-selected={tab === t.key}
            aria-controls="search-results"
            tabIndex={tab === t.key ? 0 : -1}
            class={`tabs__tab${tab === t.key ? ' tabs__tab--current' : ''}`}
            onClick={() => setTab(t.key)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="search-results" role="tabpanel" aria-labelledby={`search-tab-${tab}`}>
        <ListStatus
          loading={loading && items.length === 0}
          error={error}
          onRetry={retry}
          loadingLabel="Searching…"
          what="Results"
        >
          {status}
        </ListStatus>
        <ul class="search-results" aria-label="Search results">
          {items.map((hit) => {
            const href = hitHref(hit);
            const why = matchedLine(hit.matched);
            const hasSpace = Boolean(hit.space_id && hit.space_name);
            return (
              <li key={hitKey(hit)} class="search-hit" data-type={hit.type}>
                <span class="badge">{kTypeLabels[hit.type] ?? hit.type}</span>
                <div class="search-hit__main">
                  {href ? (
                    <Link class="search-hit__title" href={href}>
                      {hit.title}
                    </Link>
                  ) : (
                    <span class="search-hit__title">{hit.title}</span>
                  )}
                  {hit.snippet && (
                    // Sanitized: only <mark> survives.
                    <p class="search-hit__snippet" dangerouslySetInnerHTML={{ __html: sanitizeSnippet(hit.snippet) }} />
                  )}
                  {(hasSpace || why) && (
                    <p class="search-hit__meta">
                      {hasSpace && (
                        <span class="search-hit__space">
                          in <Link href={`/spaces/${encodeURIComponent(hit.space_id ?? '')}`}>{hit.space_name}</Link>
                        </span>
                      )}
                      {why && <span class="search-hit__why">{why}</span>}
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
        <LoadMore hasMore={Boolean(cursor)} loading={loading} onLoad={loadMore} auto label="More results" />
      </div>
    </section>
  );
}

// Shared pieces of knowledge pages: their links, the space's tree built from parent_id, the
// breadcrumb (space › parent pages › this page) every page view starts with, and "Linked from
// pages", the pages whose text links to a page, problem, idea, proposal or record.

import { pages as pagesApi, type LinkTarget } from '../api/endpoints';
import type { KnowledgePage, PageEntry, Space } from '../api/types';
import { useId, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { Link, navigate } from '../state/router';
import { Alert } from './Alert';
import { spaceHref } from './collab';
import { RelativeTime } from './DateTime';
import { useItem } from './useItem';

export const pageHref = (id: string, view?: 'edit' | 'history') =>
  `/pages/${encodeURIComponent(id)}${view ? `/${view}` : ''}`;

export interface PageNode {
  page: PageEntry;
  children: PageNode[];
}

/** The space's pages as a tree; a page whose parent is not in the list sits at the top. */
export function pageTree(entries: readonly PageEntry[]): PageNode[] {
  const nodes = new Map<string, PageNode>();
  for (const page of entries) nodes.set(page.id, { page, children: [] });
  const top: PageNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.page.parent_id ? nodes.get(node.page.parent_id) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else top.push(node);
  }
  const byTitle = (a: PageNode, b: PageNode) => a.page.title.localeCompare(b.page.title);
  const sort = (list: PageNode[]) => {
    list.sort(byTitle);
    for (const node of list) sort(node.children);
  };
  sort(top);
  return top;
}

/** The pages above `page`, the top one first. */
export function ancestorsOf(page: { parent_id: string | null }, entries: readonly PageEntry[]): PageEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const out: PageEntry[] = [];
  const seen = new Set<string>();
  for (let id = page.parent_id; id && !seen.has(id); ) {
    seen.add(id);
    const parent = byId.get(id);
    if (!parent) break;
    out.unshift(parent);
    id = parent.parent_id;
  }
  return out;
}

/** The space's pages (for breadcrumbs and the parent choice); empty until loaded or when hidden. */
export function useSpacePages(spaceId: string | null | undefined) {
  const { data, reload } = useItem((signal) => pagesApi.list(spaceId!, signal), [spaceId], { enabled: Boolean(spaceId) });
  return { entries: data?.items ?? [], reload };
}

interface BreadcrumbProps {
  page: KnowledgePage;
  space: Space | null;
  /** Shown after the page's title, e.g. "Edit" or "History"; the title is then a link. */
  current?: string;
}

export function PageBreadcrumb({ page, space, current }: BreadcrumbProps) {
  const { entries } = useSpacePages(page.space_id);
  const ancestors = ancestorsOf(page, entries);
  return (
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <ol class="breadcrumb__list">
        <li>{space ? <Link href={spaceHref(space.id, 'pages')}>{space.name}</Link> : <span>Space</span>}</li>
        {ancestors.map((a) => (
          <li key={a.id}>
            <Link href={pageHref(a.id)}>{a.title}</Link>
          </li>
        ))}
        {current ? (
          <>
            <li>
              <Link href={pageHref(page.id)}>{page.title}</Link>
            </li>
            <li aria-current="page">{current}</li>
          </>
        ) : (
          <li aria-current="page">{page.title}</li>
        )}
      </ol>
    </nav>
  );
}

/** "Promote to page": an accepted solution or a decided proposal written up as a page of its space. */
export function PromoteToPage({ type, id }: { type: 'problem' | 'proposal'; id: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const promote = async () => {
    setBusy(true);
    setError(null);
    try {
      const page = await pagesApi.promote(type, id);
      navigate(`${pageHref(page.id)}?saved=created`);
    } catch (e) {
      setBusy(false);
      setError(describeError(e));
    }
  };
  return (
    <>
      <button type="button" class="button button--secondary" disabled={busy} onClick={() => void promote()}>
        Promote to page
      </button>
      {error && <Alert>{error}</Alert>}
    </>
  );
}

/**
 * "Linked from pages": the pages that link to this item, those the reader may read, each with who
 * saved it last and when. Nothing at all when no page links to it — nor when the list cannot be
 * fetched: it is a pointer beside the item, not worth an error box.
 */
export function LinkedFromPages({ type, id }: { type: LinkTarget; id: string }) {
  const headingId = useId();
  const { data } = useItem((signal) => pagesApi.backlinks(type, id, signal), [type, id], {
    missingOn: [],
    clearOnChange: true,
  });
  const items = data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section class="card backlinks" aria-labelledby={headingId} data-testid="backlinks">
      <h2 id={headingId}>
        Linked from pages <span class="count-badge">{items.length}</span>
      </h2>
      <ul class="backlinks__list">
        {items.map((page) => (
          <li key={page.id} class="backlinks__item" data-page-id={page.id}>
            <Link class="backlinks__title" href={pageHref(page.id)}>
              {page.title}
            </Link>
            <span class="muted backlinks__meta">
              updated <RelativeTime value={page.updated_at} past /> by {page.author.name}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

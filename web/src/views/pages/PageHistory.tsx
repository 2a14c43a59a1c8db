// A page's history: its revisions, newest first (who, when, the summary, "merged", "restored from"),
// the changes between two chosen revisions — each line marked "added" or "removed" in words, not
// colour alone — and, for members, "Restore this revision", which saves the old text anew.

import { useEffect, useId, useState } from 'preact/hooks';
import { describeError } from '../../api/client';
import { pages as pagesApi } from '../../api/endpoints';
import type { PageDiff, PageRevision } from '../../api/types';
import { Alert } from '../../components/Alert';
import { personHref } from '../../components/collab';
import { DateTime } from '../../components/DateTime';
import { SelectField } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { ListStatus, LoadError, Skeleton } from '../../components/LoadState';
import { PageBreadcrumb, pageHref } from '../../components/pages';
import { useItem } from '../../components/useItem';
import { usePagedList } from '../../components/usePagedList';
import { Link, navigate } from '../../state/router';
import { NotFound } from '../NotFound';
import { usePage } from './PageView';

type Row = PageRevision & { id: string };

const kOpWords = { '+': 'Added', '-': 'Removed', '=': 'Unchanged' } as const;
const kOpSigns = { '+': '+', '-': '−', '=': ' ' } as const;

function DiffView({ diff }: { diff: PageDiff }) {
  if (diff.hunks.length === 0 && diff.from_title === diff.to_title) {
    return <p class="muted">These two revisions have the same text.</p>;
  }
  return (
    <div class="page-diff">
      {!diff.exact && (
        <p class="muted page-diff__approximate">
          These revisions differ almost everywhere, so some changed passages are shown as removed and
          added whole rather than line by line.
        </p>
      )}
      {diff.from_title !== diff.to_title && (
        <p class="page-diff__title">
          Title: <del>{diff.from_title}</del> → <ins>{diff.to_title}</ins>
        </p>
      )}
      {diff.hunks.map((hunk, index) => {
        let from = hunk.from_start;
        let to = hunk.to_start;
        return (
          <section key={index} class="page-diff__hunk" aria-label={`Lines ${hunk.from_start} to ${hunk.from_start + Math.max(hunk.from_count - 1, 0)} of revision ${diff.from}`}>
            <ol class="page-diff__lines">
              {hunk.lines.map((line, n) => {
                const number = line.op === '+' ? to++ : line.op === '-' ? from++ : (to++, from++);
                return (
                  <li key={n} class={`page-diff__line page-diff__line--${line.op === '+' ? 'added' : line.op === '-' ? 'removed' : 'same'}`} data-op={line.op}>
                    <span class="page-diff__number" aria-hidden="true">
                      {number}
                    </span>
                    <span class="page-diff__sign" aria-hidden="true">
                      {kOpSigns[line.op]}
                    </span>
                    <span class="visually-hidden">{kOpWords[line.op]}: </span>
                    <span class="page-diff__text">{line.text || ' '}</span>
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
    </div>
  );
}

function RevisionRow({
  revision,
  current,
  canRestore,
  busy,
  onRestore,
}: {
  revision: Row;
  current: boolean;
  canRestore: boolean;
  busy: boolean;
  onRestore: () => void;
}) {
  return (
    <li class="item-row revision" data-revision={revision.revision}>
      <p class="revision__head">
        <strong>Revision {revision.revision}</strong>
        {current && <span class="status status--open">Current</span>}
        {revision.merged && <span class="status">Merged</span>}
        {revision.restored_from && <span class="status">Restored from revision {revision.restored_from}</span>}
      </p>
      <p class="item-row__meta muted">
        <Link href={personHref(revision.author.id)}>{revision.author.name}</Link>, <DateTime value={revision.created_at} />
      </p>
      {revision.summary && <p class="revision__summary">{revision.summary}</p>}
      {canRestore && !current && (
        <button type="button" class="button button--secondary button--small" disabled={busy} onClick={onRestore}>
          Restore this revision
          <span class="visually-hidden"> ({revision.revision})</span>
        </button>
      )}
    </li>
  );
}

export function PageHistory({ pageId }: { pageId: string }) {
  const { data: page, missing, error, retry, space } = usePage(pageId);
  const list = usePagedList<Row>(
    async (cursor, signal) => {
      const answer = await pagesApi.revisions(pageId, { cursor, limit: 50 }, signal);
      return { ...answer, items: answer.items.map((r) => ({ ...r, id: r.revision })) };
    },
    pageId,
  );
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const compareId = useId();

  // Compare the two newest revisions until the person chooses.
  useEffect(() => {
    if (!to && list.items.length > 0) {
      setTo(list.items[0]!.revision);
      setFrom((list.items[1] ?? list.items[0])!.revision);
    }
  }, [list.items, to]);

  const diff = useItem((signal) => pagesApi.diff(pageId, from, to, signal), [pageId, from, to], {
    enabled: Boolean(from && to),
  });

  useEffect(() => {
    if (page) document.title = `History of ${page.title} · Weft`;
  }, [page?.title]);

  if (missing) return <NotFound what="page" />;
  if (!page) return error ? <LoadError error={error} onRetry={retry} /> : <Skeleton label="Loading the page…" kind="page" />;

  const canRestore = Boolean(space?.my_role);
  const restore = async (revision: string) => {
    setRestoring(true);
    setRestoreError(null);
    try {
      await pagesApi.restore(page.id, revision);
      navigate(`${pageHref(page.id)}?saved=restored`);
    } catch (e) {
      setRestoreError(describeError(e));
      setRestoring(false);
    }
  };
  const options = list.items.map((r) => ({
    value: r.revision,
    label: `Revision ${r.revision}, ${r.author.name}${r.revision === page.revision ? ' (current)' : ''}`,
  }));

  return (
    <section class="page item-page page-history">
      <PageBreadcrumb page={page} space={space} current="History" />
      <h1>History of {page.title}</h1>
      {restoreError && <Alert>{restoreError}</Alert>}
      <section class="card" aria-labelledby={compareId}>
        <h2 id={compareId}>Compare two revisions</h2>
        {options.length > 1 ? (
          <>
            <div class="collab-form__row page-history__choice">
              <SelectField label="From revision" value={from} onValue={setFrom} options={options} />
              <SelectField label="To revision" value={to} onValue={setTo} options={options} />
            </div>
            {diff.error ? (
              <LoadError error={diff.error} onRetry={diff.retry} what="The changes" />
            ) : diff.data && diff.data.from === from && diff.data.to === to ? (
              <DiffView diff={diff.data} />
            ) : (
              <p class="muted" role="status">
                Loading the changes…
              </p>
            )}
          </>
        ) : (
          <p class="muted">{list.loading ? '' : 'Only one revision so far: nothing to compare.'}</p>
        )}
      </section>
      <section class="card" aria-label="Revisions">
        <h2>Revisions</h2>
        <ListStatus loading={list.loading && list.items.length === 0} error={list.error} onRetry={list.retry} what="Revisions" loadingLabel="Loading revisions…" />
        <ol class="item-list revisions" aria-label="Revisions, newest first">
          {list.items.map((revision) => (
            <RevisionRow
              key={revision.revision}
              revision={revision}
              current={revision.revision === page.revision}
              canRestore={canRestore}
              busy={restoring}
              onRestore={() => void restore(revision.revision)}
            />
          ))}
        </ol>
        <LoadMore hasMore={Boolean(list.cursor)} loading={list.loading} onLoad={list.loadMore} label="Older revisions" />
      </section>
    </section>
  );
}

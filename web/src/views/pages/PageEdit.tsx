// Editing a page: title, the Markdown body beside a live preview, and a summary of the change.
// The editor remembers the revision it started from and sends it as If-Match: the server merges
// what others saved meanwhile, and only when both changed the same lines answers 409 — then the
// conflict view shows, for each such place, the text before, theirs and mine, lets the person
// choose or write the text, and saves that over the newest revision. What the person wrote stays
// on screen until it is saved.

import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api/client';
import { pages as pagesApi } from '../../api/endpoints';
import type { KnowledgePage, PageConflict, PageConflictRegion } from '../../api/types';
import { Alert } from '../../components/Alert';
import { TextAreaField, TextField } from '../../components/Field';
import { useFormErrors } from '../../components/formErrors';
import { LoadError, Skeleton } from '../../components/LoadState';
import { mergeResolved } from '../../components/pageMerge';
import { PageBreadcrumb, pageHref } from '../../components/pages';
import { PostBody } from '../../components/PostBody';
import { Link, navigate } from '../../state/router';
import { NotFound } from '../NotFound';
import { usePage } from './PageView';

const kNone: readonly string[] = [];

function isConflict(error: unknown): error is ApiError & { details: PageConflict } {
  if (!(error instanceof ApiError) || error.status !== 409) return false;
  const details = error.details as Partial<PageConflict> | undefined;
  return Boolean(details && details.mine && details.theirs && details.base && Array.isArray(details.conflicts));
}

function Lines({ lines, label }: { lines: string[]; label: string }) {
  return (
    <div class="conflict__side">
      <p class="conflict__label">{label}</p>
      {lines.length === 0 ? (
        <p class="muted conflict__empty">(no lines: removed)</p>
      ) : (
        <pre class="conflict__lines">{lines.join('\n')}</pre>
      )}
    </div>
  );
}

function Region({
  region,
  index,
  count,
  value,
  onValue,
}: {
  region: PageConflictRegion;
  index: number;
  count: number;
  value: string;
  onValue: (text: string) => void;
}) {
  const headingId = useId();
  return (
    <section class="conflict__region" aria-labelledby={headingId} data-conflict={index}>
      <h3 id={headingId}>
        Conflict {index + 1} of {count}, from line {region.base_start}
      </h3>
      <div class="conflict__sides">
        <Lines lines={region.base} label="Before, when you started" />
        <Lines lines={region.theirs} label="Theirs, saved meanwhile" />
        <Lines lines={region.mine} label="Yours, not saved yet" />
      </div>
      <div class="form__actions">
        <button type="button" class="button button--secondary button--small" onClick={() => onValue(region.mine.join('\n'))}>
          Use mine
        </button>
        <button type="button" class="button button--secondary button--small" onClick={() => onValue(region.theirs.join('\n'))}>
          Use theirs
        </button>
      </div>
      <TextAreaField
        label={`Text for conflict ${index + 1}`}
        hint="Starts with both versions, theirs first; choose one above or write it as it should be."
        value={value}
        onValue={onValue}
        rows={Math.min(12, Math.max(3, value.split('\n').length + 1))}
        class="page-textarea"
      />
    </section>
  );
}

function textLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\r\n?/g, '\n').split('\n');
}

function ConflictView({
  page,
  conflict,
  summary,
  onConflict,
}: {
  page: KnowledgePage;
  conflict: PageConflict;
  summary: string;
  onConflict: (next: PageConflict) => void;
}) {
  const headingId = useId();
  const [choices, setChoices] = useState(() => conflict.conflicts.map((r) => [...r.theirs, ...r.mine].join('\n')));
  const [title, setTitle] = useState(() =>
    conflict.title_conflict || conflict.mine.title !== conflict.base.title ? conflict.mine.title : conflict.theirs.title,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [conflict]);

  // The page rebuilt here with the choices in place of the server's conflicts. Null when this
  // merge finds a conflict the server did not (or not all of the server's): saving it could drop
  // text, so the person is asked to copy their text instead.
  const resolved = useMemo(() => {
    const used = new Set<number>();
    const merged = mergeResolved(conflict.base.body, conflict.mine.body, conflict.theirs.body, (c) => {
      const index = conflict.conflicts.findIndex((r) => r.base_start === c.baseStart);
      if (index < 0 || used.has(index)) return null;
      used.add(index);
      return textLines(choices[index] ?? '');
    });
    return merged !== null && used.size === conflict.conflicts.length ? merged : null;
  }, [conflict, choices]);

  const save = async () => {
    if (busy || resolved === null) return;
    setBusy(true);
    setError(null);
    try {
      const { merged } = await pagesApi.save(page.id, conflict.theirs_revision, { title: title.trim(), body: resolved, summary });
      navigate(`${pageHref(page.id)}?saved=${merged ? 'merged' : 'resolved'}`);
    } catch (e) {
      setBusy(false);
      if (isConflict(e)) {
        onConflict(e.details);
        setError('Someone saved the page again while you chose. Choose again for what they changed.');
      } else {
        setError(describeError(e));
      }
    }
  };

  return (
    <section class="card conflict" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Someone else changed the same lines
      </h2>
      <p>
        Nothing was saved yet. While you were editing, someone saved changes to the same lines you changed. For each place
        below, choose their text, yours, or write it as it should be; then save. Your other changes are kept.
      </p>
      {error && <Alert>{error}</Alert>}
      {conflict.title_conflict && (
        <div class="conflict__region">
          <h3>The title</h3>
          <p class="muted">
            Theirs: “{conflict.theirs.title}”. Yours: “{conflict.mine.title}”.
          </p>
          <TextField label="Title to save" value={title} onValue={setTitle} />
        </div>
      )}
      {conflict.conflicts.map((region, index) => (
        <Region
          key={`${conflict.theirs_revision}-${region.base_start}`}
          region={region}
          index={index}
          count={conflict.conflicts.length}
          value={choices[index] ?? ''}
          onValue={(text) => setChoices((previous) => previous.map((c, i) => (i === index ? text : c)))}
        />
      ))}
      <div class="conflict__whole">
        <details class="conflict__version">
          <summary>Their whole page, as saved</summary>
          <pre class="conflict__lines">{conflict.theirs.body}</pre>
        </details>
        <details class="conflict__version" open>
          <summary>Your whole page, not saved yet</summary>
          <pre class="conflict__lines" data-version="mine">
            {conflict.mine.body}
          </pre>
        </details>
        {resolved !== null && (
          <details class="conflict__version" open>
            <summary>The page as it will be saved</summary>
            <pre class="conflict__lines" data-version="resolved">
              {resolved}
            </pre>
          </details>
        )}
      </div>
      {resolved === null && (
        <Alert>
          These two versions are too different to put together here. Copy your page above, open the page as it is now,
          and make your changes there again.
        </Alert>
      )}
      <div class="form__actions">
        <button
          type="button"
          class="button button--primary"
          disabled={busy || resolved === null}
          onClick={() => void save()}
        >
          {busy ? 'Saving…' : 'Save the resolved page'}
        </button>
      </div>
    </section>
  );
}

export function PageEdit({ pageId }: { pageId: string }) {
  const { data: page, missing, error: loadError, retry, space } = usePage(pageId);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [summary, setSummary] = useState('');
  const [startedFrom, setStartedFrom] = useState<string | null>(null);
  const [conflict, setConflict] = useState<PageConflict | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const previewId = useId();

  // The form starts from the page as first loaded; later loads do not overwrite what is typed.
  useEffect(() => {
    if (page && startedFrom === null) {
      setTitle(page.title);
      setBody(page.body);
      setStartedFrom(page.revision);
      document.title = `Edit ${page.title} · Weft`;
    }
  }, [page, startedFrom]);

  if (missing) return <NotFound what="page" />;
  if (!page || startedFrom === null) {
    return loadError ? <LoadError error={loadError} onRetry={retry} /> : <Skeleton label="Loading the page…" kind="page" />;
  }
  if (space && !space.my_role) {
    return (
      <section class="page item-page">
        <PageBreadcrumb page={page} space={space} current="Edit" />
        <h1>Edit {page.title}</h1>
        <p>Members of the space edit its pages.</p>
        <p>
          <Link href={pageHref(page.id)}>Back to the page</Link>
        </p>
      </section>
    );
  }

  const save = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    if (!title.trim()) {
      errors.setField('title', 'Give the page a title.');
      return;
    }
    setBusy(true);
    try {
      const { merged } = await pagesApi.save(page.id, startedFrom, { title: title.trim(), body, summary: summary.trim() });
      navigate(`${pageHref(page.id)}?saved=${merged ? 'merged' : 'saved'}`);
    } catch (e) {
      setBusy(false);
      if (isConflict(e)) setConflict(e.details);
      else errors.show(e, ['title', 'body', 'summary']);
    }
  };

  return (
    <section class="page item-page page-editor">
      <PageBreadcrumb page={page} space={space} current="Edit" />
      <h1>Edit {page.title}</h1>
      {conflict ? (
        <ConflictView page={page} conflict={conflict} summary={summary.trim()} onConflict={setConflict} />
      ) : (
        <form class="card page-editor__form" onSubmit={save} noValidate aria-label={`Edit ${page.title}`}>
          <TextField label="Title" value={title} onValue={setTitle} error={errors.fields.title} maxLength={400} />
          <div class="page-editor__panes">
            <TextAreaField
              label="Body"
              hint="Markdown: # headings, **bold**, lists, links. The preview follows as you type."
              value={body}
              onValue={setBody}
              error={errors.fields.body}
              rows={16}
              class="page-textarea"
              aria-controls={previewId}
            />
            <section class="page-editor__preview" aria-label="Preview">
              <p class="page-editor__preview-label" aria-hidden="true">
                Preview
              </p>
              <div id={previewId} class="page-editor__preview-body">
                {body.trim() ? (
                  <PostBody body={body} topics={kNone} mentionHandles={kNone} inAppLinks={false} />
                ) : (
                  <p class="muted">Nothing to show yet.</p>
                )}
              </div>
            </section>
          </div>
          <TextField
            label="Summary of your change"
            hint="Optional; shown in the history."
            value={summary}
            onValue={setSummary}
            error={errors.fields.summary}
            maxLength={400}
          />
          {errors.form && <Alert>{errors.form}</Alert>}
          <div class="form__actions">
            <button type="submit" class="button button--primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </button>
            <Link class="button button--ghost" href={pageHref(page.id)}>
              Cancel
            </Link>
          </div>
        </form>
      )}
    </section>
  );
}

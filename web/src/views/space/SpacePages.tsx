// A space's knowledge pages as a tree (nested lists by parent); "Export as Markdown (.zip)" for
// everyone who sees them; for members, "New page" (title, Markdown body and, optionally, the page it
// sits under) and "Import Markdown" from a .zip or a folder (./PageImport).

import { useId, useState } from 'preact/hooks';
import { pages as pagesApi } from '../../api/endpoints';
import type { Space } from '../../api/types';
import { Alert } from '../../components/Alert';
import { plural } from '../../components/collab';
import { DisclosureButton } from '../../components/CollabForms';
import { RelativeTime } from '../../components/DateTime';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { useFormErrors } from '../../components/formErrors';
import { ListStatus } from '../../components/LoadState';
import { pageHref, pageTree, type PageNode } from '../../components/pages';
import { useItem } from '../../components/useItem';
import { Link, navigate } from '../../state/router';
import { ImportedNotice, ImportPagesForm, type ImportedPages } from './PageImport';

function Branch({ nodes, label }: { nodes: PageNode[]; label?: string }) {
  return (
    <ul class={label ? 'page-tree' : 'page-tree__children'} aria-label={label}>
      {nodes.map(({ page, children }) => (
        <li key={page.id} class="page-tree__item" data-page-id={page.id}>
          <div class="page-tree__row">
            <Link class="page-tree__title" href={pageHref(page.id)}>
              {page.title}
            </Link>
            <span class="muted page-tree__meta">
              {page.author.name}, <RelativeTime value={page.updated_at} past />
            </span>
          </div>
          {children.length > 0 && <Branch nodes={children} />}
        </li>
      ))}
    </ul>
  );
}

/** Indented titles for the parent choice, in tree order. */
function flatten(nodes: PageNode[], depth = 0): Array<{ value: string; label: string }> {
  return nodes.flatMap(({ page, children }) => [
    { value: page.id, label: `${'— '.repeat(depth)}${page.title}` },
    ...flatten(children, depth + 1),
  ]);
}

function NewPageForm({ space, tree, onCancel }: { space: Space; tree: PageNode[]; onCancel: () => void }) {
  const headingId = useId();
  const errors = useFormErrors();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [parent, setParent] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    if (!title.trim()) {
      errors.setField('title', 'Give the page a title.');
      return;
    }
    setBusy(true);
    try {
      const page = await pagesApi.create(space.id, { title: title.trim(), body, parent_id: parent || null });
      navigate(pageHref(page.id));
    } catch (e) {
      errors.show(e, ['title', 'body', 'parent_id']);
      setBusy(false);
    }
  };

  return (
    <form id="new-page" class="card collab-form" onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h2 id={headingId}>New page</h2>
      <TextField label="Title" value={title} onValue={setTitle} error={errors.fields.title} maxLength={400} autoFocus />
      <SelectField
        label="Under"
        value={parent}
        onValue={setParent}
        error={errors.fields.parent_id}
        options={[{ value: '', label: 'No parent: a top page' }, ...flatten(tree)]}
      />
      <TextAreaField
        label="Body"
        hint="Markdown: # headings, **bold**, lists, links."
        value={body}
        onValue={setBody}
        error={errors.fields.body}
        rows={8}
        class="page-textarea"
      />
      {errors.form && <Alert>{errors.form}</Alert>}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create page'}
        </button>
        <button type="button" class="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function SpacePages({ space }: { space: Space }) {
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [imported, setImported] = useState<ImportedPages | null>(null);
  const list = useItem((signal) => pagesApi.list(space.id, signal), [space.id]);
  const entries = list.data?.items ?? [];
  const tree = pageTree(entries);
  const open = (form: 'create' | 'import', on: boolean) => {
    setCreating(form === 'create' && on);
    setImporting(form === 'import' && on);
    setImported(null);
  };
  return (
    <div class="space-section">
      <div class="section-bar">
        <h2>Pages</h2>
        {space.my_role && (
          <>
            <DisclosureButton
              label="Import Markdown"
              open={importing}
              onToggle={(on) => open('import', on)}
              controls="import-pages"
              primary={false}
            />
            <DisclosureButton label="New page" open={creating} onToggle={(on) => open('create', on)} controls="new-page" />
          </>
        )}
      </div>
      {entries.length > 0 && (
        <p class="page-export">
          <a href={pagesApi.exportHref(space.id)} download data-testid="pages-export">
            Export as Markdown (.zip)
          </a>
        </p>
      )}
      {creating && <NewPageForm space={space} tree={tree} onCancel={() => open('create', false)} />}
      {importing && (
        <ImportPagesForm
          spaceId={space.id}
          parents={flatten(tree)}
          onCancel={() => open('import', false)}
          onImported={(result) => {
            setImported(result);
            void list.reload();
          }}
        />
      )}
      {imported && <ImportedNotice result={imported} />}
      <ListStatus
        loading={list.loading && !list.data}
        error={list.error}
        onRetry={list.retry}
        what="Pages"
        loadingLabel="Loading pages…"
      >
        {entries.length === 0
          ? space.my_role
            ? 'No pages yet. Write down what the space knows with “New page”.'
            : 'No pages yet.'
          : plural(entries.length, 'page', 'pages')}
      </ListStatus>
      {tree.length > 0 && <Branch nodes={tree} label="Pages" />}
    </div>
  );
}

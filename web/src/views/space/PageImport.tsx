// "Import Markdown" on a space's Pages tab, for its members: a .zip of Markdown files (sent as it
// is, base64) or a folder the browser reads file by file. Folders become parent pages and a first
// "# heading" the title (the server decides both). One import is one request, and the server takes
// at most 1 MiB: a file over 1 MB is left out here, and a choice that is too big as a whole is
// refused before it is sent, saying why.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { TargetedEvent } from 'preact';
import { ApiError, describeError } from '../../api/client';
import { pages as pagesApi } from '../../api/endpoints';
import type { PageEntry } from '../../api/types';
import { Alert } from '../../components/Alert';
import { plural } from '../../components/collab';
import { SelectField } from '../../components/Field';
import { useFormErrors } from '../../components/formErrors';

/** The server's limit on a request body. */
const kRequestLimit = 1024 * 1024;
/** A file of a folder larger than this is left out. */
const kFileLimit = 1_000_000;
/** What the server reads as Markdown; other files of a folder are not sent (it would leave them out). */
const kMarkdownName = /\.(md|markdown)$/i;

export interface ImportedPages {
  made: PageEntry[];
  /** Files not imported: not Markdown, or too big. */
  leftOut: string[];
}

type Choice =
  | { kind: 'zip'; file: File }
  | { kind: 'folder'; files: File[]; name: string };

const kilobytes = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString()} KB`;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

function readAsText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsText(file);
  });
}

/** Where a file of a chosen folder sits in it ("handbook/setup/laptop.md"); its name when the browser does not say. */
const pathOf = (file: File) => file.webkitRelativePath || file.name;

/** Hidden files (".DS_Store", ".git/…") are no one's pages; the server ignores them too. */
const hidden = (path: string) => path.split('/').some((part) => part.startsWith('.'));

interface ImportFormProps {
  spaceId: string;
  /** The pages an import may go under, in tree order. */
  parents: Array<{ value: string; label: string }>;
  onImported: (result: ImportedPages) => void;
  onCancel: () => void;
}

export function ImportPagesForm({ spaceId, parents, onImported, onCancel }: ImportFormProps) {
  const headingId = useId();
  const zipId = useId();
  const folderId = useId();
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);
  const errors = useFormErrors();
  const [choice, setChoice] = useState<Choice | null>(null);
  const [parent, setParent] = useState('');
  const [busy, setBusy] = useState(false);

  // Preact has no attribute for it: the second input picks a folder, with everything in it.
  useEffect(() => {
    if (folderInput.current) folderInput.current.webkitdirectory = true;
  }, []);

  const chooseZip = (event: TargetedEvent<HTMLInputElement>) => {
    errors.clear();
    const file = event.currentTarget.files?.[0];
    if (folderInput.current) folderInput.current.value = '';
    setChoice(file ? { kind: 'zip', file } : null);
  };

  const chooseFolder = (event: TargetedEvent<HTMLInputElement>) => {
    errors.clear();
    const files = [...(event.currentTarget.files ?? [])];
    if (zipInput.current) zipInput.current.value = '';
    const first = files[0] ? pathOf(files[0]) : '';
    setChoice(files.length ? { kind: 'folder', files, name: first.includes('/') ? first.split('/')[0]! : 'the folder' } : null);
  };

  const send = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    if (!choice) {
      errors.setField('choice', 'Choose a .zip file or a folder of Markdown files first.');
      return;
    }
    const parentId = parent || undefined;
    setBusy(true);
    try {
      let leftOut: string[] = [];
      let request;
      if (choice.kind === 'zip') {
        // Base64 is a third longer than the zip.
        if (Math.ceil(choice.file.size / 3) * 4 + 1024 > kRequestLimit) {
          errors.setField(
            'archive',
            `${choice.file.name} is ${kilobytes(choice.file.size)}; one import takes a .zip of up to about 750 KB. Import the pages in parts.`,
          );
          return;
        }
        request = { archive: await readAsDataUrl(choice.file), parent_id: parentId };
      } else {
        const wanted = choice.files.filter((file) => !hidden(pathOf(file)));
        const tooBig = wanted.filter((file) => kMarkdownName.test(file.name) && file.size > kFileLimit);
        const markdown = wanted.filter((file) => kMarkdownName.test(file.name) && file.size <= kFileLimit);
        leftOut = [
          ...wanted.filter((file) => !kMarkdownName.test(file.name)).map(pathOf),
          ...tooBig.map((file) => `${pathOf(file)} (over 1 MB)`),
        ];
        if (markdown.length === 0) {
          errors.setField(
            'files',
            tooBig.length
              ? `Every Markdown file in ${choice.name} is over 1 MB: ${tooBig.map(pathOf).join(', ')}.`
              : `There is no Markdown file (.md) in ${choice.name}.`,
          );
          return;
        }
        const size = markdown.reduce((sum, file) => sum + file.size + pathOf(file).length + 64, 0);
        if (size + 1024 > kRequestLimit) {
          errors.setField(
            'files',
            `The Markdown files in ${choice.name} come to ${kilobytes(size)}; one import takes up to 1 MB. Import a smaller folder, or a .zip of it.`,
          );
          return;
        }
        const files = await Promise.all(markdown.map(async (file) => ({ path: pathOf(file), content: await readAsText(file) })));
        request = { files, parent_id: parentId };
      }
      const answer = await pagesApi.importPages(spaceId, request);
      setChoice(null);
      if (zipInput.current) zipInput.current.value = '';
      if (folderInput.current) folderInput.current.value = '';
      onImported({ made: answer.items, leftOut: [...leftOut, ...answer.skipped] });
    } catch (e) {
      if (e instanceof DOMException || (e instanceof Error && e.message === 'unreadable')) {
        errors.setField('choice', 'This browser could not read the files chosen. Choose them again.');
      } else if (e instanceof ApiError && (e.field === 'archive' || e.field === 'files')) {
        // The server names "archive" for what is wrong inside the files too: say it by the control used.
        errors.setField(choice.kind === 'zip' ? 'archive' : 'files', describeError(e));
      } else {
        errors.show(e, ['parent_id']);
      }
    } finally {
      setBusy(false);
    }
  };

  const zipError = errors.fields.archive;
  const folderError = errors.fields.files;
  const choiceError = errors.fields.choice;
  const chosen =
    choice?.kind === 'zip'
      ? `Chosen: ${choice.file.name} (${kilobytes(choice.file.size)}).`
      : choice?.kind === 'folder'
        ? `Chosen: ${plural(choice.files.length, 'file', 'files')} from ${choice.name}.`
        : null;
  return (
    <form id="import-pages" class="card collab-form page-import" onSubmit={send} aria-labelledby={headingId} noValidate>
      <h2 id={headingId}>Import Markdown</h2>
      <p class="muted">
        Each .md file becomes a page, and each folder a page above the ones in it. A first “# heading” becomes the
        title, or else the file’s name. Up to 1 MB at a time.
      </p>
      <div class={`field${zipError ? ' field--invalid' : ''}`}>
        <label for={zipId}>A .zip file of Markdown</label>
        <input
          id={zipId}
          ref={zipInput}
          type="file"
          name="archive"
          accept=".zip,application/zip"
          onChange={chooseZip}
          disabled={busy}
          aria-invalid={zipError ? true : undefined}
          aria-describedby={zipError ? `${zipId}-error` : undefined}
        />
        {zipError && (
          <p class="field__error" id={`${zipId}-error`}>
            {zipError}
          </p>
        )}
      </div>
      <div class={`field${folderError ? ' field--invalid' : ''}`}>
        <label for={folderId}>Or a folder of Markdown files</label>
        <input
          id={folderId}
          ref={folderInput}
          type="file"
          name="files"
          multiple
          onChange={chooseFolder}
          disabled={busy}
          aria-invalid={folderError ? true : undefined}
          aria-describedby={folderError ? `${folderId}-error` : `${folderId}-hint`}
        />
        {folderError ? (
          <p class="field__error" id={`${folderId}-error`}>
            {folderError}
          </p>
        ) : (
          <p class="field__hint" id={`${folderId}-hint`}>
            Files that are not Markdown, and files over 1 MB, are left out.
          </p>
        )}
      </div>
      <SelectField
        label="Under"
        value={parent}
        onValue={setParent}
        error={errors.fields.parent_id}
        options={[{ value: '', label: 'No parent: top pages' }, ...parents]}
      />
      {chosen && (
        <p class="page-import__chosen" data-testid="import-chosen">
          {chosen}
        </p>
      )}
      {choiceError && <Alert>{choiceError}</Alert>}
      {errors.form && <Alert>{errors.form}</Alert>}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        <button type="button" class="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "Imported 3 pages." and, when some were, "Left out: logo.png, notes.txt." */
export function ImportedNotice({ result }: { result: ImportedPages }) {
  return (
    <Alert kind="success">
      <span data-testid="pages-imported">
        Imported {plural(result.made.length, 'page', 'pages')}.
        {result.leftOut.length > 0 && <> Left out: {result.leftOut.join(', ')}.</>}
      </span>
    </Alert>
  );
}

// Forms that start something in a space: a problem, an idea (optionally from a problem), a
// proposal (optionally from an idea or following up a closed one, with its voting deadline). Each is a titled form behind a
// disclosure button; the server's field errors are shown next to the fields.

import type { ComponentChildren } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import { spaces as spacesApi } from '../api/endpoints';
import type { Idea, Proposal, ProblemDetail } from '../api/types';
import { Alert } from './Alert';
import { BodyField, bodyLength, kBodyMax } from './Composer';
import { SelectField, TextField } from './Field';
import { useFormErrors } from './formErrors';

const kTitleMax = 200;

interface DisclosureProps {
  label: string;
  open: boolean;
  onToggle: (open: boolean) => void;
  controls: string;
  primary?: boolean;
}

/** The button that opens and closes a form below it. */
export function DisclosureButton({ label, open, onToggle, controls, primary = true }: DisclosureProps) {
  return (
    <button
      type="button"
      class={`button ${primary && !open ? 'button--primary' : 'button--secondary'}`}
      aria-expanded={open}
      aria-controls={controls}
      onClick={() => onToggle(!open)}
    >
      {label}
    </button>
  );
}

interface TitleBodyFormProps {
  heading: string;
  titleLabel: string;
  bodyLabel: string;
  bodyPlaceholder?: string;
  submitLabel: string;
  busyLabel: string;
  /** Extra fields between body and actions. */
  extra?: ComponentChildren;
  /** Extra fields before the title. */
  before?: ComponentChildren;
  /** A note under the heading (not a field: the title still takes the focus). */
  intro?: ComponentChildren;
  onSubmit: (title: string, body: string) => Promise<void>;
  onCancel?: () => void;
  errors: ReturnType<typeof useFormErrors>;
  id?: string;
  initialTitle?: string;
}

function TitleBodyForm({
  heading,
  titleLabel,
  bodyLabel,
  bodyPlaceholder,
  submitLabel,
  busyLabel,
  extra,
  before,
  intro,
  onSubmit,
  onCancel,
  errors,
  id,
  initialTitle = '',
}: TitleBodyFormProps) {
  const headingId = useId();
  const [title, setTitle] = useState(initialTitle);
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const trimmed = title.trim();
    if (!trimmed) {
      errors.setField('title', 'Give it a title.');
      formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    if (Array.from(trimmed).length > kTitleMax) {
      errors.setField('title', `At most ${kTitleMax} characters.`);
      return;
    }
    if (bodyLength(body) > kBodyMax) return;
    setBusy(true);
    try {
      await onSubmit(trimmed, body);
      setTitle('');
      setBody('');
    } catch {
      // onSubmit reports its own errors.
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card collab-form" id={id} ref={formRef} onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h2 id={headingId}>{heading}</h2>
      {intro}
      {before}
      <TextField label={titleLabel} value={title} onValue={setTitle} error={errors.fields.title} maxLength={kTitleMax * 2} autoFocus={!before} />
      <BodyField
        label={bodyLabel}
        value={body}
        onValue={setBody}
        error={errors.fields.body}
        rows={4}
        placeholder={bodyPlaceholder}
      />
      {extra}
      {errors.form && <Alert>{errors.form}</Alert>}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

interface NewProblemProps {
  spaceId: string;
  /** The problem is about this record from another system. */
  recordId?: string;
  heading?: string;
  /** Fields before the title (e.g. choosing the space). */
  before?: ComponentChildren;
  id?: string;
  onCreated: (problem: ProblemDetail) => void;
  onCancel?: () => void;
}

export function NewProblemForm({ spaceId, recordId, heading = 'Post a problem', before, id, onCreated, onCancel }: NewProblemProps) {
  const errors = useFormErrors();
  return (
    <TitleBodyForm
      id={id}
      heading={heading}
      titleLabel="Problem title"
      bodyLabel="What happens, and what has been tried"
      bodyPlaceholder="Describe the problem. Markdown works; @ mentions someone."
      submitLabel="Post problem"
      busyLabel="Posting…"
      errors={errors}
      onCancel={onCancel}
      before={before}
      onSubmit={async (title, body) => {
        try {
          onCreated(await spacesApi.createProblem(spaceId, recordId ? { title, body, record_id: recordId } : { title, body }));
        } catch (error) {
          errors.show(error, ['title', 'body']);
          throw error;
        }
      }}
    />
  );
}

interface NewIdeaProps {
  spaceId: string;
  fromProblemId?: string;
  /** Shown in the heading when the idea answers a problem. */
  problemTitle?: string;
  id?: string;
  onCreated: (idea: Idea) => void;
  onCancel?: () => void;
}

export function NewIdeaForm({ spaceId, fromProblemId, problemTitle, id, onCreated, onCancel }: NewIdeaProps) {
  const errors = useFormErrors();
  return (
    <TitleBodyForm
      id={id}
      heading={problemTitle ? `Pitch an idea for “${problemTitle}”` : 'Pitch an idea'}
      titleLabel="Idea title"
      bodyLabel="The idea, and why it would help"
      submitLabel="Pitch idea"
      busyLabel="Pitching…"
      errors={errors}
      onCancel={onCancel}
      onSubmit={async (title, body) => {
        try {
          onCreated(await spacesApi.createIdea(spaceId, { title, body, from_problem_id: fromProblemId }));
        } catch (error) {
          errors.show(error, ['title', 'body']);
          throw error;
        }
      }}
    />
  );
}

const kDurations: Array<{ value: string; label: string; hours: number }> = [
  { value: '1d', label: 'In a day', hours: 24 },
  { value: '3d', label: 'In 3 days', hours: 72 },
  { value: '7d', label: 'In a week', hours: 168 },
  { value: '14d', label: 'In two weeks', hours: 336 },
  { value: '30d', label: 'In 30 days', hours: 720 },
];

/** RFC 3339 UTC without fractions, as the API writes timestamps. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A Date as the value of <input type="datetime-local"> in local time. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

interface NewProposalProps {
  spaceId: string;
  fromIdeaId?: string;
  ideaTitle?: string;
  /** The closed proposal this one follows up (its decision is looked at again). */
  followUp?: { id: string; title: string };
  id?: string;
  onCreated: (proposal: Proposal) => void;
  onCancel?: () => void;
}

function proposalHeading(ideaTitle?: string, followUp?: { title: string }): string {
  if (followUp) return `Follow up “${followUp.title}”`;
  if (ideaTitle) return `Open a proposal from “${ideaTitle}”`;
  return 'Open a proposal';
}

function proposalTitle(ideaTitle?: string, followUp?: { title: string }): string {
  if (followUp) return `Review: ${followUp.title}`;
  if (ideaTitle) return `Adopt: ${ideaTitle}`;
  return '';
}

export function NewProposalForm({ spaceId, fromIdeaId, ideaTitle, followUp, id, onCreated, onCancel }: NewProposalProps) {
  const errors = useFormErrors();
  const [closes, setCloses] = useState('7d');
  const [custom, setCustom] = useState(() => localInputValue(new Date(Date.now() + 7 * 86_400_000)));
  const customId = useId();

  const closesAt = (): string | null => {
    const preset = kDurations.find((d) => d.value === closes);
    if (preset) return rfc3339(new Date(Date.now() + preset.hours * 3_600_000));
    const date = new Date(custom);
    return Number.isNaN(date.getTime()) ? null : rfc3339(date);
  };

  const extra = (
    <div class="collab-form__row">
      <SelectField
        label="Voting closes"
        value={closes}
        onValue={setCloses}
        options={[...kDurations.map(({ value, label }) => ({ value, label })), { value: 'custom', label: 'At a date and time…' }]}
        error={closes !== 'custom' ? errors.fields.closes_at : undefined}
      />
      {closes === 'custom' && (
        <div class={`field${errors.fields.closes_at ? ' field--invalid' : ''}`}>
          <label for={customId}>Closing date and time</label>
          <input
            id={customId}
            type="datetime-local"
            value={custom}
            onInput={(event) => setCustom(event.currentTarget.value)}
            aria-invalid={errors.fields.closes_at ? true : undefined}
            aria-describedby={errors.fields.closes_at ? `${customId}-error` : undefined}
          />
          {errors.fields.closes_at && (
            <p class="field__error" id={`${customId}-error`}>
              {errors.fields.closes_at}
            </p>
          )}
        </div>
      )}
    </div>
  );

  return (
    <TitleBodyForm
      id={id}
      heading={proposalHeading(ideaTitle, followUp)}
      intro={
        followUp && (
          <p class="muted collab-form__intro">
            Once it is open, the earlier proposal links to it, and its decision no longer counts as due for review.
          </p>
        )
      }
      titleLabel="Proposal title"
      bodyLabel="What is proposed"
      bodyPlaceholder="What would change, for whom, from when. Members take a stance before it closes."
      submitLabel="Open proposal"
      busyLabel="Opening…"
      errors={errors}
      onCancel={onCancel}
      extra={extra}
      initialTitle={proposalTitle(ideaTitle, followUp)}
      onSubmit={async (title, body) => {
        const at = closesAt();
        if (!at) {
          errors.setField('closes_at', 'Choose a date and time.');
          throw new Error('closes_at');
        }
        try {
          onCreated(
            await spacesApi.createProposal(spaceId, {
              title,
              body,
              closes_at: at,
              from_idea_id: fromIdeaId,
              follow_up_of: followUp?.id,
            }),
          );
        } catch (error) {
          errors.show(error, ['title', 'body', 'closes_at']);
          throw error;
        }
      }}
    />
  );
}

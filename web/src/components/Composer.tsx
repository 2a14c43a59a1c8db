// Writing posts: BodyField (a labelled body with @mention suggestions, a character counter and the
// server's error), Composer (new post with an audience, into a space, or on a record), and ReplyBox
// (a reply in a thread).

import { useId, useRef, useState } from 'preact/hooks';
import { posts as postsApi } from '../api/endpoints';
import type { Audience, Post } from '../api/types';
import { useMe } from '../state/session';
import { Alert } from './Alert';
import { SelectField } from './Field';
import { useFormErrors } from './formErrors';
import { MentionTextarea } from './MentionTextarea';

export const kBodyMax = 20_000;
const kNumber = new Intl.NumberFormat();

/** Characters as the server counts them (code points, after trimming). */
export function bodyLength(body: string): number {
  return Array.from(body.trim()).length;
}

interface BodyFieldProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  placeholder?: string;
  rows?: number;
  hideLabel?: boolean;
  onSubmitShortcut?: () => void;
  textareaRef?: { current: HTMLTextAreaElement | null };
  autoFocus?: boolean;
}

export function BodyField({
  label,
  value,
  onValue,
  error,
  placeholder,
  rows = 3,
  hideLabel = false,
  onSubmitShortcut,
  textareaRef,
  autoFocus,
}: BodyFieldProps) {
  const id = useId();
  const length = bodyLength(value);
  const over = length > kBodyMax;
  const near = length > kBodyMax * 0.9;
  const tooLong = over ? `The text is ${kNumber.format(length - kBodyMax)} characters too long.` : undefined;
  const message = error ?? tooLong;
  return (
    <div class={`field body-field${message ? ' field--invalid' : ''}`}>
      <label for={id} class={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <MentionTextarea
        id={id}
        value={value}
        onValue={onValue}
        rows={rows}
        placeholder={placeholder}
        onSubmitShortcut={onSubmitShortcut}
        textareaRef={textareaRef}
        autoFocus={autoFocus}
        aria-invalid={message ? true : undefined}
        aria-describedby={`${id}-counter${message ? ` ${id}-error` : ''}`}
      />
      <div class="body-field__meta">
        {message ? (
          <p class="field__error" id={`${id}-error`}>
            {message}
          </p>
        ) : (
          <span />
        )}
        <p class={`body-field__counter${over ? ' body-field__counter--over' : ''}`} id={`${id}-counter`} aria-live={near ? 'polite' : 'off'}>
          {kNumber.format(length)} / {kNumber.format(kBodyMax)}
          <span class="visually-hidden"> characters</span>
        </p>
      </div>
    </div>
  );
}

const kAudienceLabels: Record<'public' | 'unit' | 'followers', string> = {
  public: 'Organization',
  unit: 'My unit',
  followers: 'My followers',
};

/** Who a posted post is for, as shown on the post. */
export function audienceLabel(audience: Audience): string {
  switch (audience) {
    case 'public':
      return 'Organization';
    case 'unit':
      return 'Unit only';
    case 'followers':
      return 'Followers only';
    default:
      return 'Space';
  }
}

interface ComposerProps {
  onPosted: (post: Post) => void;
  label?: string;
  /** Post into this space (audience "space") instead of choosing an audience. */
  space?: { id: string; name: string; note: string };
  /** Post on this record (seen by whoever may see the record) instead of choosing an audience. */
  record?: { id: string; title: string; note: string };
}

export function Composer({ onPosted, label = 'New post', space, record }: ComposerProps) {
  const me = useMe();
  const headingId = useId();
  const [body, setBody] = useState('');
  const [audience, setAudience] = useState<Audience>('public');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const errors = useFormErrors();
  const textarea = useRef<HTMLTextAreaElement>(null);

  const options = (['public', 'unit', 'followers'] as const)
    .filter((value) => value !== 'unit' || me.unit_id)
    .map((value) => ({ value, label: kAudienceLabels[value] }));

  const length = bodyLength(body);
  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (busy) return;
    errors.clear();
    setDone(null);
    if (length === 0) {
      errors.setField('body', 'Write something first.');
      textarea.current?.focus();
      return;
    }
    if (length > kBodyMax) {
      textarea.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const post = await postsApi.create(
        space
          ? { body, audience: 'space', space_id: space.id }
          : record
            ? { body, audience: 'public', record_id: record.id }
            : { body, audience },
      );
      setBody('');
      setDone('Posted.');
      onPosted(post);
    } catch (error) {
      errors.show(error, space || record ? ['body'] : ['body', 'audience']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card composer" onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h2 id={headingId} class="visually-hidden">
        {label}
      </h2>
      <BodyField
        label={space ? `Share with ${space.name}` : record ? `Write about ${record.title}` : 'What do you want to share?'}
        value={body}
        onValue={(value) => {
          setBody(value);
          if (done) setDone(null);
        }}
        error={errors.fields.body}
        placeholder="Share an update, ask a question… Use @ to mention someone and # for a topic."
        onSubmitShortcut={() => void submit()}
        textareaRef={textarea}
      />
      <div class="composer__row">
        {space || record ? (
          <p class="muted composer__space">{(space ?? record)!.note}</p>
        ) : (
          <SelectField
            className="composer__audience"
            label="Audience"
            value={audience}
            onValue={(value) => setAudience(value as Audience)}
            options={options}
            error={errors.fields.audience}
          />
        )}
        <button type="submit" class="button button--primary" disabled={busy || length > kBodyMax}>
          {busy ? 'Posting…' : 'Post'}
        </button>
      </div>
      {errors.form && <Alert>{errors.form}</Alert>}
      <p class="visually-hidden" role="status">
        {done}
      </p>
    </form>
  );
}

interface ReplyBoxProps {
  /** The post replied to. */
  postId: string;
  label: string;
  onReplied: (reply: Post) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}

export function ReplyBox({ postId, label, onReplied, onCancel, autoFocus }: ReplyBoxProps) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const length = bodyLength(body);

  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (busy) return;
    errors.clear();
    if (length === 0) {
      errors.setField('body', 'Write a reply first.');
      textarea.current?.focus();
      return;
    }
    if (length > kBodyMax) return;
    setBusy(true);
    try {
      const reply = await postsApi.reply(postId, body);
      setBody('');
      onReplied(reply);
    } catch (error) {
      errors.show(error, ['body']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="reply-box" onSubmit={submit} noValidate>
      <BodyField
        label={label}
        value={body}
        onValue={setBody}
        error={errors.fields.body}
        rows={2}
        placeholder="Write a reply…"
        onSubmitShortcut={() => void submit()}
        textareaRef={textarea}
        autoFocus={autoFocus}
      />
      {errors.form && <Alert>{errors.form}</Alert>}
      <div class="form__actions">
        <button type="submit" class="button button--primary button--small" disabled={busy || length > kBodyMax}>
          {busy ? 'Sending…' : 'Reply'}
        </button>
        {onCancel && (
          <button type="button" class="button button--ghost button--small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

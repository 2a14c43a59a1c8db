// Comments under an item (an idea, a page): the list, oldest first, and the box to add one.

import { useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/client';
import type { IdeaComment as Comment } from '../api/types';
import { Alert } from './Alert';
import { Avatar } from './Avatar';
import { personHref } from './collab';
import { BodyField, bodyLength, kBodyMax } from './Composer';
import { DateTime } from './DateTime';
import { PostBody } from './PostBody';
import { Link } from '../state/router';

const kNoTopics: readonly string[] = [];

export function CommentList({ comments }: { comments: readonly Comment[] }) {
  return (
    <>
      {comments.length === 0 && <p class="muted">No comments yet.</p>}
      <ol class="comment-list" aria-label="Comments">
        {comments.map((comment) => (
          <li key={comment.id} class="comment">
            <Avatar id={comment.author.id} name={comment.author.name} src={comment.author.avatar_url} size="sm" />
            <div class="comment__main">
              <p class="comment__byline">
                <Link href={personHref(comment.author.id)}>{comment.author.name}</Link>{' '}
                <span class="muted">
                  <DateTime value={comment.created_at} />
                </span>
              </p>
              <PostBody body={comment.body} topics={kNoTopics} />
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}

/** "Add a comment" under an item; `send` posts it, `onCommented` follows a comment that was added. */
export function CommentBox({ send, onCommented }: { send: (body: string) => Promise<unknown>; onCommented: () => void }) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (busy) return;
    setError(null);
    setFieldError(undefined);
    const length = bodyLength(body);
    if (length === 0) {
      setFieldError('Write a comment first.');
      textarea.current?.focus();
      return;
    }
    if (length > kBodyMax) return;
    setBusy(true);
    try {
      await send(body);
      setBody('');
      onCommented();
    } catch (e) {
      if (e instanceof ApiError && e.field === 'body') setFieldError(e.message);
      else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="reply-box" onSubmit={submit} noValidate>
      <BodyField
        label="Add a comment"
        value={body}
        onValue={setBody}
        error={fieldError}
        rows={2}
        textareaRef={textarea}
        onSubmitShortcut={() => void submit()}
      />
      {error && <Alert>{error}</Alert>}
      <div class="form__actions">
        <button type="submit" class="button button--primary button--small" disabled={busy}>
          {busy ? 'Sending…' : 'Comment'}
        </button>
      </div>
    </form>
  );
}


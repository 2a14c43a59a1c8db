// Reshare a post with an optional comment: a modal <dialog> (focus stays inside, Escape closes,
// focus returns to the Reshare button). Creates a new post with `reshare_of`.

import { useId, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/client';
import { posts as postsApi } from '../api/endpoints';
import type { Post } from '../api/types';
import { Alert } from './Alert';
import { BodyField, bodyLength, kBodyMax } from './Composer';
import { useFormErrors } from './formErrors';
import { useModalDialog } from './useModalDialog';
import { PostBody } from './PostBody';

interface ReshareDialogProps {
  post: Post;
  onClose: () => void;
  onReshared: (post: Post) => void;
  /** The server says this person reshared the post already (409 on reshare_of), with its message. */
  onAlreadyReshared?: (message: string) => void;
}

export function ReshareDialog({ post, onClose, onReshared, onAlreadyReshared }: ReshareDialogProps) {
  const modal = useModalDialog(onClose);
  const titleId = useId();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (busy || bodyLength(comment) > kBodyMax) return;
    errors.clear();
    setBusy(true);
    try {
      const created = await postsApi.create({ body: comment, audience: 'public', reshare_of: post.id });
      onReshared(created);
    } catch (error) {
      if (onAlreadyReshared && error instanceof ApiError && error.status === 409 && error.field === 'reshare_of') {
        onAlreadyReshared(describeError(error));
        return;
      }
      errors.show(error, ['body']);
      setBusy(false);
    }
  };

  return (
    <dialog
      {...modal}
      class="dialog"
      aria-labelledby={titleId}
    >
      <form class="dialog__body" onSubmit={submit} noValidate>
        <h2 id={titleId}>Reshare {post.author.name}’s post</h2>
        <div class="post-embed dialog__quote">
          {post.body.trim() || !post.reshared ? (
            <PostBody body={post.body} topics={post.topics} mentionHandles={post.mention_handles} />
          ) : (
            <PostBody body={post.reshared.body} topics={post.reshared.topics} mentionHandles={post.reshared.mention_handles} />
          )}
        </div>
        <BodyField
          label="Add a comment (optional)"
          value={comment}
          onValue={setComment}
          error={errors.fields.body}
          rows={3}
          onSubmitShortcut={() => void submit()}
        />
        <p class="field__hint">Reshares are visible to the whole organization.</p>
        {errors.form && <Alert>{errors.form}</Alert>}
        <div class="form__actions dialog__actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Resharing…' : 'Reshare now'}
          </button>
          <button type="button" class="button button--ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

// Moving an idea to another stage (space owners): the stages it may move to as radio buttons and
// a required note, as the server asks (POST /ideas/{id}/stage).

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { ideas as ideasApi } from '../api/endpoints';
import type { Idea, IdeaStage } from '../api/types';
import { Alert } from './Alert';
import { kStageLabels, kStageMoves } from './collab';

const kNoteMax = 2000;

interface MoveFormProps {
  idea: Idea;
  initialStage: IdeaStage | null;
  onMoved: (idea: Idea) => void;
  onCancel: () => void;
}

export function MoveForm({ idea, initialStage, onMoved, onCancel }: MoveFormProps) {
  const id = useId();
  const moves = kStageMoves[idea.stage];
  const [stage, setStage] = useState<IdeaStage>(
    initialStage && moves.includes(initialStage) ? initialStage : (moves[0] ?? idea.stage),
  );
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    // Dropped on a column: the stage is chosen, the note is what is left to write.
    if (initialStage) noteRef.current?.focus();
    else document.getElementById(`${id}-stage-${stage}`)?.focus();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setNoteError(null);
    const text = note.trim();
    if (!text) {
      setNoteError('Write a note: why it moves.');
      noteRef.current?.focus();
      return;
    }
    if (Array.from(text).length > kNoteMax) {
      setNoteError(`At most ${kNoteMax} characters.`);
      noteRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const moved = await ideasApi.move(idea.id, stage, text);
      onMoved(moved);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  if (moves.length === 0) {
    return (
      <div class="move-form">
        <p class="muted">Implemented ideas stay where they are.</p>
        <button type="button" class="button button--ghost button--small" onClick={onCancel}>
          Close
        </button>
      </div>
    );
  }

  return (
    <form class="move-form" onSubmit={submit} aria-label={`Move “${idea.title}”`} noValidate>
      <fieldset class="move-form__stages">
        <legend>Move to</legend>
        {moves.map((s) => (
          <label key={s} class="checkbox">
            <input
              id={`${id}-stage-${s}`}
              type="radio"
              name={`${id}-stage`}
              value={s}
              checked={stage === s}
              onChange={() => setStage(s)}
            />
            <span>{kStageLabels[s]}</span>
          </label>
        ))}
      </fieldset>
      <div class={`field${noteError ? ' field--invalid' : ''}`}>
        <label for={`${id}-note`}>Note (required)</label>
        <textarea
          id={`${id}-note`}
          ref={noteRef}
          rows={2}
          value={note}
          required
          onInput={(event) => setNote(event.currentTarget.value)}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={noteError ? `${id}-note-error` : undefined}
          placeholder="Why it moves, what happens next"
        />
        {noteError && (
          <p class="field__error" id={`${id}-note-error`}>
            {noteError}
          </p>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      <div class="form__actions">
        <button type="submit" class="button button--primary button--small" disabled={busy}>
          {busy ? 'Moving…' : `Move to ${kStageLabels[stage]}`}
        </button>
        <button type="button" class="button button--ghost button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}


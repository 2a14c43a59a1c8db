// The ideas board of a space: one column per stage (new, under review, accepted, implemented,
// declined). Members vote on cards and pitch ideas; owners move a card with its "Move" button —
// a small form with the stages it may move to and a required note — or by dragging it onto a
// column, which opens the same form with that stage chosen.

import { useState } from 'preact/hooks';
import { describeError } from '../../api/client';
import { ideas as ideasApi, spaces as spacesApi } from '../../api/endpoints';
import type { Idea, IdeaStage, Space, Vote } from '../../api/types';
import { Alert } from '../../components/Alert';
import { ideaHref, kStageLabels, kStageMoves, kStages, plural, VoteButtons } from '../../components/collab';
import { DisclosureButton, NewIdeaForm } from '../../components/CollabForms';
import { MoveForm } from '../../components/MoveIdeaForm';
import { LoadError, Skeleton } from '../../components/LoadState';
import { useItem } from '../../components/useItem';
import { Link } from '../../state/router';

const kMaxPages = 5;

interface CardProps {
  idea: Idea;
  canVote: boolean;
  isOwner: boolean;
  moving: { stage: IdeaStage | null } | null;
  onStartMove: () => void;
  onMoved: (idea: Idea) => void;
  onCancelMove: () => void;
  onVoted: (idea: Idea) => void;
  onDragStart: () => void;
  onDragEnd: () => void;
}

function IdeaCard({ idea, canVote, isOwner, moving, onStartMove, onMoved, onCancelMove, onVoted, onDragStart, onDragEnd }: CardProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const vote = async (value: Vote) => {
    setBusy(true);
    setError(null);
    try {
      onVoted(await ideasApi.vote(idea.id, value));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const draggable = isOwner && kStageMoves[idea.stage].length > 0 && !moving;
  return (
    <li
      class={`idea-card${moving ? ' idea-card--moving' : ''}`}
      data-idea-id={idea.id}
      data-stage={idea.stage}
      draggable={draggable}
      onDragStart={(event) => {
        event.dataTransfer?.setData('text/plain', idea.id);
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
    >
      <div class="idea-card__head">
        <VoteButtons
          subject={idea.title}
          score={idea.score}
          myVote={idea.my_vote}
          onVote={(value) => void vote(value)}
          busy={busy}
          disabled={!canVote}
          disabledReason="Members of the space vote."
        />
        <div class="idea-card__main">
          <Link class="idea-card__title" href={ideaHref(idea.id)}>
            {idea.title}
          </Link>
          <p class="idea-card__meta muted">
            {idea.author.name} · {plural(idea.comment_count, 'comment', 'comments')}
          </p>
        </div>
      </div>
      {error && <Alert>{error}</Alert>}
      {isOwner && !moving && kStageMoves[idea.stage].length > 0 && (
        <button
          type="button"
          class="button button--secondary button--small idea-card__move"
          aria-label={`Move “${idea.title}”`}
          onClick={onStartMove}
        >
          Move…
        </button>
      )}
      {moving && <MoveForm idea={idea} initialStage={moving.stage} onMoved={onMoved} onCancel={onCancelMove} />}
    </li>
  );
}

export function IdeaBoard({ space, isOwner }: { space: Space; isOwner: boolean }) {
  const board = useItem(
    async (signal) => {
      const all: Idea[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < kMaxPages; i++) {
        const page = await spacesApi.ideas(space.id, { cursor, limit: 100 }, signal);
        all.push(...page.items);
        cursor = page.next_cursor;
        if (!cursor) break;
      }
      return { ideas: all, more: Boolean(cursor) };
    },
    [space.id],
    { missingOn: [] },
  );
  const { loading, error } = board;
  const ideas = board.data?.ideas ?? [];
  const more = board.data?.more ?? false;
  const setIdeas = (change: (previous: Idea[]) => Idea[]) =>
    board.setData((b) => ({ ideas: change(b?.ideas ?? []), more: b?.more ?? false }));
  const [creating, setCreating] = useState(false);
  const [moving, setMoving] = useState<{ id: string; stage: IdeaStage | null } | null>(null);
  const [dragging, setDragging] = useState<Idea | null>(null);
  const [dropTarget, setDropTarget] = useState<IdeaStage | null>(null);
  const [notice, setNotice] = useState('');

  const replace = (idea: Idea) => setIdeas((previous) => previous.map((i) => (i.id === idea.id ? { ...i, ...idea } : i)));

  const moved = (idea: Idea) => {
    replace(idea);
    setMoving(null);
    setNotice(`Moved “${idea.title}” to ${kStageLabels[idea.stage]}.`);
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`.idea-card[data-idea-id="${CSS.escape(idea.id)}"] .idea-card__title`)?.focus(),
    );
  };

  const canVote = Boolean(space.my_role);
  const canDrop = (stage: IdeaStage) => Boolean(dragging && kStageMoves[dragging.stage].includes(stage));

  return (
    <div class="space-section">
      <div class="section-bar">
        <h2>Ideas</h2>
        {space.my_role && <DisclosureButton label="Pitch an idea" open={creating} onToggle={setCreating} controls="new-idea" />}
      </div>
      {creating && (
        <NewIdeaForm
          id="new-idea"
          spaceId={space.id}
          onCancel={() => setCreating(false)}
          onCreated={(idea) => {
            setIdeas((previous) => [idea, ...previous.filter((i) => i.id !== idea.id)]);
            setCreating(false);
            setNotice(`Pitched “${idea.title}”. It is in the New column.`);
            requestAnimationFrame(() =>
              document.querySelector<HTMLElement>(`.idea-card[data-idea-id="${CSS.escape(idea.id)}"] .idea-card__title`)?.focus(),
            );
          }}
        />
      )}
      {isOwner && (
        <p class="muted board__hint">
          As an owner you move ideas between stages with “Move…” (or drag a card onto a column); each move needs a note.
        </p>
      )}
      {error && <LoadError error={error} onRetry={board.retry} what="Ideas" />}
      {loading && !error && !board.data && <Skeleton label="Loading ideas…" kind="cards" count={2} />}
      <p class="visually-hidden" role="status">
        {notice}
      </p>
      <div class="board">
        {kStages.map((stage) => {
          const column = ideas.filter((i) => i.stage === stage);
          const headingId = `board-${stage}`;
          const droppable = canDrop(stage);
          return (
            <section
              key={stage}
              class={`board__column${droppable ? ' board__column--droppable' : ''}${dropTarget === stage && droppable ? ' board__column--over' : ''}`}
              aria-labelledby={headingId}
              data-column={stage}
              onDragOver={(event) => {
                if (!droppable) return;
                event.preventDefault();
                setDropTarget(stage);
              }}
              onDragLeave={() => setDropTarget((t) => (t === stage ? null : t))}
              onDrop={(event) => {
                if (!dragging || !droppable) return;
                event.preventDefault();
                setMoving({ id: dragging.id, stage });
                setDragging(null);
                setDropTarget(null);
              }}
            >
              <h3 id={headingId} class="board__heading">
                {kStageLabels[stage]} <span class="count-badge">{column.length}</span>
              </h3>
              {column.length === 0 ? (
                <p class="muted board__empty">No ideas.</p>
              ) : (
                <ul class="board__cards" aria-label={`${kStageLabels[stage]} ideas`}>
                  {column.map((idea) => (
                    <IdeaCard
                      key={idea.id}
                      idea={idea}
                      canVote={canVote}
                      isOwner={isOwner}
                      moving={moving?.id === idea.id ? { stage: moving.stage } : null}
                      onStartMove={() => setMoving({ id: idea.id, stage: null })}
                      onCancelMove={() => {
                        setMoving(null);
                        requestAnimationFrame(() =>
                          document
                            .querySelector<HTMLElement>(`.idea-card[data-idea-id="${CSS.escape(idea.id)}"] .idea-card__move`)
                            ?.focus(),
                        );
                      }}
                      onMoved={moved}
                      onVoted={replace}
                      onDragStart={() => setDragging(idea)}
                      onDragEnd={() => {
                        setDragging(null);
                        setDropTarget(null);
                      }}
                    />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      {more && <p class="muted">Only the first {kMaxPages * 100} ideas are on the board.</p>}
    </div>
  );
}

// An idea: its body, score and my vote, its stage with the history of moves and their notes
// (owners move it here too), comments, "Open a proposal from this idea", the chain and the pages
// that link to it.

import { useEffect, useId, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { ideas as ideasApi } from '../api/endpoints';
import type { Idea as IdeaData, Vote } from '../api/types';
import { Alert } from '../components/Alert';
import { ChainView } from '../components/ChainView';
import {
  kStageLabels,
  kStageMoves,
  personHref,
  problemHref,
  proposalHref,
  spaceHref,
  StatusBadge,
  useSpace,
  VoteButtons,
} from '../components/collab';
import { DisclosureButton, NewProposalForm } from '../components/CollabForms';
import { CommentBox, CommentList } from '../components/Comments';
import { DateTime } from '../components/DateTime';
import { LoadError, Skeleton } from '../components/LoadState';
import { MoveForm } from '../components/MoveIdeaForm';
import { LinkedFromPages } from '../components/pages';
import { PostBody } from '../components/PostBody';
import { useItem } from '../components/useItem';
import { Link, navigate } from '../state/router';
import { NotFound } from './NotFound';

const kNoTopics: readonly string[] = [];

export function Idea({ ideaId }: { ideaId: string }) {
  const {
    data: idea,
    missing,
    error: loadError,
    reload: load,
    retry,
    setData: setIdea,
  } = useItem((signal) => ideasApi.get(ideaId, signal), [ideaId], { missingOn: [404, 403] });
  const [voteError, setVoteError] = useState<string | null>(null);
  const [voting, setVoting] = useState(false);
  const [moving, setMoving] = useState(false);
  const [proposing, setProposing] = useState(false);
  const [notice, setNotice] = useState('');
  const { space } = useSpace(idea?.space_id);
  const historyId = useId();
  const commentsId = useId();

  useEffect(() => {
    if (idea) document.title = `${idea.title} · Weft`;
  }, [idea?.title]);

  if (missing) return <NotFound what="idea" />;
  if (!idea) {
    return loadError ? (
      <LoadError error={loadError} onRetry={retry} />
    ) : (
      <Skeleton label="Loading the idea…" kind="page" />
    );
  }

  const isMember = Boolean(space?.my_role);
  const isOwner = space?.my_role === 'owner';
  const merge = (changed: IdeaData) => setIdea((i) => (i ? { ...i, ...changed } : i));

  const vote = async (value: Vote) => {
    setVoting(true);
    setVoteError(null);
    try {
      merge(await ideasApi.vote(idea.id, value));
      void load();
    } catch (e) {
      setVoteError(describeError(e));
    } finally {
      setVoting(false);
    }
  };

  const history = [...idea.stages].reverse();

  return (
    <section class="page item-page">
      <p class="breadcrumb">
        {space ? <Link href={spaceHref(space.id, 'ideas')}>{space.name}</Link> : <span>Space</span>} › Idea
      </p>
      <div class="item-layout">
        <article class="card item item-layout__head" aria-labelledby="idea-title">
          <div class="item__with-votes">
            <VoteButtons
              subject={idea.title}
              score={idea.score}
              myVote={idea.my_vote}
              onVote={(value) => void vote(value)}
              busy={voting}
              disabled={!isMember}
              disabledReason="Members of the space vote."
            />
            <header class="item__header">
              <h1 id="idea-title">{idea.title}</h1>
              <p class="item__meta muted">
                <StatusBadge status={idea.stage} /> Pitched by{' '}
                <Link href={personHref(idea.author.id)}>{idea.author.name}</Link> <DateTime value={idea.created_at} />
                {idea.from_problem_id && (
                  <>
                    {' '}
                    · from the problem{' '}
                    <Link href={problemHref(idea.from_problem_id)}>
                      {idea.chain.problem?.id === idea.from_problem_id ? idea.chain.problem.title : 'it answers'}
                    </Link>
                  </>
                )}
              </p>
            </header>
          </div>
          {voteError && <Alert>{voteError}</Alert>}
          {idea.body ? <PostBody body={idea.body} topics={kNoTopics} /> : <p class="muted">No description.</p>}
          <div class="item__actions">
            {isMember && (
              <DisclosureButton
                label="Open a proposal from this idea"
                open={proposing}
                onToggle={setProposing}
                controls="propose-from-idea"
                primary={false}
              />
            )}
            {isOwner && kStageMoves[idea.stage].length > 0 && !moving && (
              <button type="button" class="button button--secondary idea__move" onClick={() => setMoving(true)}>
                Move to another stage…
              </button>
            )}
          </div>
          {moving && (
            <MoveForm
              idea={idea}
              initialStage={null}
              onCancel={() => setMoving(false)}
              onMoved={(moved) => {
                merge(moved);
                setMoving(false);
                setNotice(`Moved to ${kStageLabels[moved.stage]}.`);
                void load();
              }}
            />
          )}
          <p class="visually-hidden" role="status">
            {notice}
          </p>
        </article>
        <aside class="item-layout__chain" aria-label="Outcome chain">
          <ChainView chain={idea.chain} current={{ type: 'idea', id: idea.id }} />
          <LinkedFromPages type="idea" id={idea.id} />
        </aside>
        <div class="item-layout__main">
          {proposing && (
            <NewProposalForm
              id="propose-from-idea"
              spaceId={idea.space_id}
              fromIdeaId={idea.id}
              ideaTitle={idea.title}
              onCancel={() => setProposing(false)}
              onCreated={(proposal) => navigate(proposalHref(proposal.id))}
            />
          )}
          <section class="card" aria-labelledby={historyId}>
            <h2 id={historyId}>Stage history</h2>
            <ol class="stage-history" aria-label="Stage changes, newest first">
              {history.map((change, index) => (
                <li key={`${change.at}-${index}`} class="stage-history__item" data-stage={change.stage}>
                  <p class="stage-history__head">
                    <StatusBadge status={change.stage} />{' '}
                    <span class="muted">
                      {change.by ? <Link href={personHref(change.by.id)}>{change.by.name}</Link> : 'Someone'},{' '}
                      <DateTime value={change.at} />
                    </span>
                  </p>
                  {change.note && <p class="stage-history__note">{change.note}</p>}
                </li>
              ))}
            </ol>
          </section>
          <section class="card" aria-labelledby={commentsId}>
            <h2 id={commentsId}>
              Comments <span class="count-badge">{idea.comments.length}</span>
            </h2>
            <CommentList comments={idea.comments} />
            {isMember && (
              <CommentBox
                send={(body) => ideasApi.comment(idea.id, body)}
                onCommented={() => {
                  setNotice('Comment added.');
                  void load();
                }}
              />
            )}
          </section>
        </div>
      </div>
    </section>
  );
}

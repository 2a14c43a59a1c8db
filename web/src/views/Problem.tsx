// A problem: its body, status and time to resolution; the solutions (accepted first, then by
// votes) with voting and — for the problem's author or a space owner — accepting one; proposing
// a solution; reopening; pitching an idea from it; the record it is about, if any; the people who
// may help (the one suggested may say "Not me", the author who helped), and the chain it started.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/client';
import { problems as problemsApi, records as recordsApi } from '../api/endpoints';
import type { ProblemDetail, Solution, Vote } from '../api/types';
import { Alert } from '../components/Alert';
import { Avatar } from '../components/Avatar';
import { ChainView } from '../components/ChainView';
import {
  formatDuration,
  ideaHref,
  personHref,
  problemHref,
  spaceHref,
  StatusBadge,
  useSpace,
  VoteButtons,
} from '../components/collab';
import { DisclosureButton, NewIdeaForm } from '../components/CollabForms';
import { BodyField, bodyLength, kBodyMax } from '../components/Composer';
import { DateTime } from '../components/DateTime';
import { LoadError, Skeleton } from '../components/LoadState';
import { expertiseHref, SuggestedPeople } from '../components/experts';
import { PostBody } from '../components/PostBody';
import { recordHref } from '../components/records';
import { useItem } from '../components/useItem';
import { Link, navigate, useLocation } from '../state/router';
import { LinkedFromPages, PromoteToPage } from '../components/pages';
import { useMe } from '../state/session';
import { NotFound } from './NotFound';

const kNoTopics: readonly string[] = [];

function SolutionCard({
  solution,
  canVote,
  canAccept,
  onChanged,
  onAccept,
  accepting,
}: {
  solution: Solution;
  canVote: boolean;
  canAccept: boolean;
  onChanged: (solution: Solution) => void;
  onAccept: (solution: Solution) => void;
  accepting: boolean;
}) {
  const me = useMe();
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = solution.author.id === me.id;
  const vote = async (value: Vote) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await problemsApi.voteSolution(solution.id, value));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li>
      <article
        class={`solution card${solution.accepted ? ' solution--accepted' : ''}`}
        aria-labelledby={headingId}
        data-solution-id={solution.id}
        data-accepted={solution.accepted ? 'true' : 'false'}
      >
        <VoteButtons
          subject={`solution by ${solution.author.name}`}
          score={solution.votes}
          myVote={solution.my_vote}
          onVote={(value) => void vote(value)}
          busy={busy}
          disabled={!canVote || own}
          disabledReason={own ? 'You cannot vote on your own solution.' : 'Members of the space vote.'}
        />
        <div class="solution__main">
          <header class="solution__byline">
            <Avatar id={solution.author.id} name={solution.author.name} src={solution.author.avatar_url} size="sm" />
            <h3 id={headingId} class="solution__author">
              {solution.accepted && <span class="visually-hidden">Accepted solution </span>}
              <span class="visually-hidden">by </span>
              <Link href={personHref(solution.author.id)}>{solution.author.name}</Link>
            </h3>
            <span class="muted">
              <DateTime value={solution.created_at} />
            </span>
            {solution.accepted && (
              <span class="status status--accepted" aria-hidden="true">
                ✓ Accepted
              </span>
            )}
          </header>
          <PostBody body={solution.body} topics={kNoTopics} />
          {error && <Alert>{error}</Alert>}
          {canAccept && !solution.accepted && (
            <button
              type="button"
              class="button button--outline button--small"
              disabled={accepting}
              onClick={() => onAccept(solution)}
              aria-label={`Accept this solution by ${solution.author.name}`}
            >
              Accept this solution
            </button>
          )}
        </div>
      </article>
    </li>
  );
}

function ProposeSolution({ problemId, onProposed }: { problemId: string; onProposed: (s: Solution) => void }) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const headingId = useId();
  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (busy) return;
    setError(null);
    setFieldError(undefined);
    const length = bodyLength(body);
    if (length === 0) {
      setFieldError('Write the solution first.');
      textarea.current?.focus();
      return;
    }
    if (length > kBodyMax) return;
    setBusy(true);
    try {
      const solution = await problemsApi.propose(problemId, body);
      setBody('');
      onProposed(solution);
    } catch (e) {
      if (e instanceof ApiError && e.field === 'body') setFieldError(e.message);
      else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card propose-solution" onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h2 id={headingId}>Propose a solution</h2>
      <BodyField
        label="Your solution"
        value={body}
        onValue={setBody}
        error={fieldError}
        rows={3}
        placeholder="What would fix it? Markdown works."
        textareaRef={textarea}
        onSubmitShortcut={() => void submit()}
      />
      {error && <Alert>{error}</Alert>}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Sending…' : 'Propose solution'}
        </button>
      </div>
    </form>
  );
}

export function Problem({ problemId }: { problemId: string }) {
  const me = useMe();
  const location = useLocation();
  // Set by the link of an "expert_suggested" notification: the reader was asked to help.
  const askedMe = location.query.get('suggested') === '1';
  const {
    data: problem,
    missing,
    error: loadError,
    reload: load,
    retry,
    setData: setProblem,
  } = useItem((signal) => problemsApi.get(problemId, signal), [problemId], { missingOn: [404, 403] });
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [pitching, setPitching] = useState(false);
  const { space } = useSpace(problem?.space_id);
  const { data: record } = useItem((signal) => recordsApi.get(problem!.record_id!, signal), [problem?.record_id], {
    enabled: Boolean(problem?.record_id),
  });

  useEffect(() => {
    if (problem) document.title = `${problem.title} · Weft`;
  }, [problem?.title]);

  if (missing) return <NotFound what="problem" />;
  if (!problem) {
    return loadError ? (
      <LoadError error={loadError} onRetry={retry} />
    ) : (
      <Skeleton label="Loading the problem…" kind="page" />
    );
  }

  const isMember = Boolean(space?.my_role);
  const canDecide = problem.author.id === me.id || space?.my_role === 'owner';
  const resolved = problem.status === 'resolved';

  const act = async (action: () => Promise<ProblemDetail>, done: string) => {
    setBusy(true);
    setActionError(null);
    try {
      setProblem(await action());
      setNotice(done);
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const replaceSolution = (solution: Solution) =>
    setProblem((p) => (p ? { ...p, solutions: p.solutions.map((s) => (s.id === solution.id ? { ...s, ...solution } : s)) } : p));

  return (
    <section class="page item-page">
      <p class="breadcrumb">
        {space ? <Link href={spaceHref(space.id, 'problems')}>{space.name}</Link> : <span>Space</span>} › Problem
      </p>
      <div class="item-layout">
        <article class="card item item-layout__head" aria-labelledby="problem-title">
          <header class="item__header">
            <h1 id="problem-title">{problem.title}</h1>
            <p class="item__meta muted">
              <StatusBadge status={problem.status} /> Posted by{' '}
              <Link href={personHref(problem.author.id)}>{problem.author.name}</Link>{' '}
              <DateTime value={problem.created_at} />
              {record && record.id === problem.record_id && (
                <>
                  {' '}
                  · About <Link href={recordHref(record.id)}>{record.title}</Link>
                </>
              )}
            </p>
            <p class="item__resolution" data-resolution={resolved ? 'resolved' : 'open'}>
              {resolved && problem.resolution_seconds !== null ? (
                <>
                  Resolved in <strong>{formatDuration(problem.resolution_seconds)}</strong>
                  {problem.resolved_at && (
                    <>
                      {' '}
                      (<DateTime value={problem.resolved_at} />)
                    </>
                  )}
                </>
              ) : (
                <>Open for {formatDuration((Date.now() - new Date(problem.created_at).getTime()) / 1000)}</>
              )}
            </p>
          </header>
          {problem.body ? (
            <PostBody body={problem.body} topics={kNoTopics} />
          ) : (
            <p class="muted">No description.</p>
          )}
          <div class="item__actions">
            {isMember && (
              <DisclosureButton
                label="Pitch an idea from this problem"
                open={pitching}
                onToggle={setPitching}
                controls="pitch-idea"
                primary={false}
              />
            )}
            {canDecide && resolved && (
              <button
                type="button"
                class="button button--secondary"
                disabled={busy}
                onClick={() => void act(() => problemsApi.reopen(problem.id), 'The problem is open again.')}
              >
                Reopen
              </button>
            )}
            {isMember && resolved && problem.accepted_solution_id && <PromoteToPage type="problem" id={problem.id} />}
          </div>
          {actionError && <Alert>{actionError}</Alert>}
          <p class="visually-hidden" role="status">
            {notice}
          </p>
        </article>
        <aside class="item-layout__chain" aria-label="Outcome chain">
          <ChainView chain={problem.chain} current={{ type: 'problem', id: problem.id }} />
          <LinkedFromPages type="problem" id={problem.id} />
        </aside>
        <div class="item-layout__main">
          {pitching && (
            <NewIdeaForm
              id="pitch-idea"
              spaceId={problem.space_id}
              fromProblemId={problem.id}
              problemTitle={problem.title}
              onCancel={() => setPitching(false)}
              onCreated={(idea) => navigate(ideaHref(idea.id))}
            />
          )}
          <section class="solutions" aria-labelledby="solutions-heading">
            <h2 id="solutions-heading">
              Solutions <span class="count-badge">{problem.solutions.length}</span>
            </h2>
            {problem.solutions.length === 0 && <p class="muted">No solutions yet.</p>}
            <ul class="solution-list" aria-label="Solutions">
              {problem.solutions.map((solution) => (
                <SolutionCard
                  key={solution.id}
                  solution={solution}
                  canVote={isMember}
                  // A resolved problem has its solution: no other is offered for accepting.
                  canAccept={canDecide && !resolved}
                  accepting={busy}
                  onChanged={replaceSolution}
                  onAccept={(s) =>
                    void act(
                      () => problemsApi.accept(problem.id, s.id),
                      `Accepted the solution by ${s.author.name}. The problem is resolved.`,
                    )
                  }
                />
              ))}
            </ul>
          </section>
          {resolved ? (
            // A resolved problem takes no new solutions; the accepted one stands out above.
            <p class="card problem__resolved-note" data-resolved-note="">
              <span aria-hidden="true">✓ </span>This problem is resolved.
              {canDecide && ' Reopen it to take new solutions.'}
            </p>
          ) : isMember ? (
            <ProposeSolution
              problemId={problem.id}
              onProposed={(solution) => {
                setNotice(`Solution proposed.`);
                setProblem((p) =>
                  p ? { ...p, solutions: [...p.solutions, solution], solution_count: p.solution_count + 1 } : p,
                );
                void load();
              }}
            />
          ) : (
            space && <p class="muted">Members of the space propose and vote on solutions.</p>
          )}
        </div>
        <aside class="item-layout__side" aria-label="People who may help">
          <SuggestedPeople
            subjectType="problem"
            subjectId={problem.id}
            suggestions={problem.suggested_experts}
            heading="People who may help"
            headingId="problem-experts-heading"
            className="problem-experts"
            canSayHelped={problem.author.id === me.id}
            askedMe={askedMe}
            onNotMe={() => navigate(problemHref(problem.id), { replace: true })}
            note={
              problem.author.id === me.id && problem.suggested_experts.length > 0 ? (
                <p class="muted experts__note">Say who helped: it teaches Weft whom to suggest next time.</p>
              ) : null
            }
            empty={<p class="muted">No one stands out from past work yet.</p>}
            footer={
              <p class="experts__more">
                <Link href={expertiseHref({ q: problem.title })}>Ask more widely</Link>
              </p>
            }
          />
        </aside>
      </div>
    </section>
  );
}

// A proposal: what is proposed, the countdown to closes_at, the tally as a live bar chart, stance
// buttons with an optional reason, everyone's stances, the close form (author or space owner, with
// an optional date to review the decision by), and — once closed — the outcome and decision, when
// it is to be reviewed (and whether that is overdue), and "Follow up" for members; links to the
// proposal this one follows up and the one following it up; then the chain and the pages that
// link to it. While the proposal is open and the page visible it is fetched again every 3 seconds
// (the stream only tells the author about stances), and at once when a notification about it
// arrives or the page becomes visible again.

import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { proposals as proposalsApi } from '../api/endpoints';
import type { Decision, ProposalDetail, Stance } from '../api/types';
import { Alert } from '../components/Alert';
import { Avatar } from '../components/Avatar';
import { ChainView } from '../components/ChainView';
import {
  followUpHref,
  formatDuration,
  ideaHref,
  kDecisionLabels,
  kStanceLabels,
  personHref,
  proposalHref,
  spaceHref,
  StatusBadge,
  useSpace,
} from '../components/collab';
import { DateTime } from '../components/DateTime';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { LoadError, Skeleton } from '../components/LoadState';
import { useFormErrors } from '../components/formErrors';
import { PostBody } from '../components/PostBody';
import { StanceButtons } from '../components/StanceButtons';
import { TallyChart } from '../components/TallyChart';
import { useItem } from '../components/useItem';
import { LinkedFromPages, PromoteToPage } from '../components/pages';
import { onNotification } from '../state/realtime';
import { Link } from '../state/router';
import { useMe } from '../state/session';
import { NotFound } from './NotFound';

const kNoTopics: readonly string[] = [];
const kPollMs = 3_000;
const kReasonMax = 2000;
const kOutcomeMax = 4000;
/** The server takes review dates up to five years ahead. */
const kReviewMaxYears = 5;

/** YYYY-MM-DD of a day in UTC, as <input type="date"> writes it. */
function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The review time sent for a chosen day: 09:00 UTC that day; null when the text is no day. */
function reviewAtOf(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const date = new Date(`${day}T09:00:00Z`);
  return Number.isNaN(date.getTime()) || utcDay(date) !== day ? null : `${day}T09:00:00Z`;
}

const kDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });

/** A day from the API, e.g. a review date, without the time of day. */
function Day({ value }: { value: string }) {
  const date = new Date(value);
  return <time dateTime={value}>{Number.isNaN(date.getTime()) ? value : kDayFormat.format(date)}</time>;
}

/** A link to another proposal by its title (fetched); its number until the title is in. */
function ProposalLink({ id }: { id: string }) {
  const { data } = useItem((signal) => proposalsApi.get(id, signal), [id], { missingOn: [404, 403] });
  return <Link href={proposalHref(id)}>{data?.title ?? `proposal ${id}`}</Link>;
}

/** The current time, ticking every `ms` while `active`. */
function useNow(ms: number, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms, active]);
  return now;
}

function Countdown({ closesAt }: { closesAt: string }) {
  const now = useNow(1_000, true);
  const left = (new Date(closesAt).getTime() - now) / 1000;
  return (
    <p class="countdown" data-seconds-left={Math.max(0, Math.floor(left))}>
      {left > 0 ? (
        <>
          Closes in{' '}
          <strong role="timer" aria-live="off">
            {formatDuration(left)}
          </strong>{' '}
          <span class="muted">
            (<DateTime value={closesAt} />)
          </span>
        </>
      ) : (
        <>Voting time is over; the proposal is being closed.</>
      )}
    </p>
  );
}

function StanceForm({ proposal, onChanged }: { proposal: ProposalDetail; onChanged: (p: ProposalDetail) => void }) {
  const me = useMe();
  const mine = proposal.stances.find((s) => s.person.id === me.id);
  const [reason, setReason] = useState(mine?.reason ?? '');
  const [busy, setBusy] = useState<Stance | null>(null);
  const errors = useFormErrors();
  const [notice, setNotice] = useState('');
  const headingId = useId();

  const take = async (stance: Stance) => {
    if (busy) return;
    errors.clear();
    if (Array.from(reason.trim()).length > kReasonMax) {
      errors.setField('reason', `At most ${kReasonMax} characters.`);
      return;
    }
    setBusy(stance);
    try {
      onChanged(await proposalsApi.stance(proposal.id, stance, reason.trim()));
      setNotice(`Your stance: ${kStanceLabels[stance]}.`);
    } catch (e) {
      errors.show(e, ['reason', 'stance']);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="card stance-form" aria-labelledby={headingId}>
      <h2 id={headingId}>Your stance</h2>
      <TextAreaField
        label="Reason (optional)"
        value={reason}
        onValue={setReason}
        error={errors.fields.reason}
        rows={2}
        maxLength={kReasonMax * 2}
        hint="Shown next to your stance. Block means you think this must not happen."
      />
      <StanceButtons label="Take a stance" current={proposal.my_stance} busy={busy} onTake={(stance) => void take(stance)} />
      {errors.fields.stance && <p class="field__error">{errors.fields.stance}</p>}
      {errors.form && <Alert>{errors.form}</Alert>}
      <p class="muted stance-form__current">
        {proposal.my_stance
          ? `You ${proposal.my_stance === 'abstain' ? 'abstain' : proposal.my_stance}. You can change it until the proposal closes.`
          : 'You have not taken a stance yet.'}
      </p>
      <p class="visually-hidden" role="status">
        {notice}
      </p>
    </section>
  );
}

function CloseForm({ proposal, onClosed }: { proposal: ProposalDetail; onClosed: (p: ProposalDetail) => void }) {
  const [outcome, setOutcome] = useState('');
  const [decision, setDecision] = useState<'' | Decision>('');
  const [resolve, setResolve] = useState(false);
  const [reviewDay, setReviewDay] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const problem = proposal.chain.problem;
  const canResolve = Boolean(proposal.from_idea_id && problem && problem.status === 'open');

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const text = outcome.trim();
    if (!text) {
      errors.setField('outcome', 'Write the outcome: what was decided and what happens next.');
      formRef.current?.querySelector<HTMLTextAreaElement>('textarea')?.focus();
      return;
    }
    if (Array.from(text).length > kOutcomeMax) {
      errors.setField('outcome', `At most ${kOutcomeMax} characters.`);
      return;
    }
    const reviewAt = reviewDay ? reviewAtOf(reviewDay) : undefined;
    if (reviewAt === null) {
      errors.setField('review_at', 'Choose a day, or leave it empty.');
      return;
    }
    setBusy(true);
    try {
      onClosed(
        await proposalsApi.close(proposal.id, {
          outcome: text,
          decision: decision || undefined,
          resolve_problem: canResolve && resolve ? true : undefined,
          review_at: reviewAt,
        }),
      );
    } catch (e) {
      errors.show(e, ['outcome', 'decision', 'resolve_problem', 'review_at']);
      setBusy(false);
    }
  };

  return (
    <form class="card close-form" ref={formRef} onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h2 id={headingId}>Close the proposal</h2>
      <TextAreaField
        label="Outcome"
        value={outcome}
        onValue={setOutcome}
        error={errors.fields.outcome}
        rows={3}
        maxLength={kOutcomeMax * 2}
        hint="What was decided and what happens next. Everyone who took a stance is told."
      />
      <SelectField
        label="Decision"
        value={decision}
        onValue={(value) => setDecision(value as '' | Decision)}
        error={errors.fields.decision}
        hint="By the tally: adopted if more agree than disagree and no one blocks."
        options={[
          { value: '', label: 'By the tally' },
          { value: 'adopted', label: 'Adopted' },
          { value: 'rejected', label: 'Rejected' },
        ]}
      />
      {proposal.from_idea_id && problem && (
        <label class="checkbox">
          <input
            type="checkbox"
            checked={resolve && canResolve}
            disabled={!canResolve}
            onChange={(event) => setResolve(event.currentTarget.checked)}
          />
          <span>
            Also resolve the problem “{problem.title}”{!canResolve && ' (already resolved)'}
          </span>
        </label>
      )}
      {errors.fields.resolve_problem && <p class="field__error">{errors.fields.resolve_problem}</p>}
      <TextField
        label="Review by (optional)"
        name="review_at"
        type="date"
        value={reviewDay}
        onValue={setReviewDay}
        min={utcDay(new Date(Date.now() + 86_400_000))}
        max={utcDay(new Date(Date.now() + (kReviewMaxYears * 365 - 1) * 86_400_000))}
        error={errors.fields.review_at}
        hint="When the decision should be looked at again (09:00 UTC that day). Until a proposal follows it up, it then counts as due for review."
      />
      {errors.form && <Alert>{errors.form}</Alert>}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Closing…' : 'Close proposal'}
        </button>
      </div>
    </form>
  );
}

export function Proposal({ proposalId }: { proposalId: string }) {
  const me = useMe();
  const {
    data: proposal,
    missing,
    error: loadError,
    reload,
    retry,
    setData: setProposal,
  } = useItem((signal) => proposalsApi.get(proposalId, signal), [proposalId], { missingOn: [404, 403] });
  const [notice, setNotice] = useState('');
  const { space } = useSpace(proposal?.space_id);
  const inFlight = useRef(false);
  const stancesId = useId();

  // Polls go one at a time: none starts while the last is still out.
  const poll = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    void reload().finally(() => {
      inFlight.current = false;
    });
  }, [reload]);

  const open = proposal?.status === 'open';

  // Live tally: poll while open and visible; at once on a notification about it or on return.
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') poll();
    }, kPollMs);
    const onVisible = () => {
      if (document.visibilityState === 'visible') poll();
    };
    document.addEventListener('visibilitychange', onVisible);
    const unsubscribe = onNotification((n) => {
      if (n.subject_type === 'proposal' && n.subject_id === proposalId) poll();
    });
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      unsubscribe();
    };
  }, [open, poll, proposalId]);

  useEffect(() => {
    if (proposal) document.title = `${proposal.title} · Weft`;
  }, [proposal?.title]);

  if (missing) return <NotFound what="proposal" />;
  if (!proposal) {
    return loadError ? (
      <LoadError error={loadError} onRetry={retry} />
    ) : (
      <Skeleton label="Loading the proposal…" kind="page" />
    );
  }

  const isMember = Boolean(space?.my_role);
  const canClose = open && (proposal.author.id === me.id || space?.my_role === 'owner');
  // Past its review date and not followed up: the decision is due for another look.
  const reviewDue =
    !open &&
    proposal.review_at !== null &&
    proposal.followed_up_by === null &&
    new Date(proposal.review_at).getTime() <= Date.now();

  return (
    <section class="page item-page">
      <p class="breadcrumb">
        {space ? <Link href={spaceHref(space.id, 'proposals')}>{space.name}</Link> : <span>Space</span>} › Proposal
      </p>
      <div class="item-layout">
        <article class="card item item-layout__head" aria-labelledby="proposal-title">
          <header class="item__header">
            <h1 id="proposal-title">{proposal.title}</h1>
            <p class="item__meta muted">
              <StatusBadge status={proposal.status} />
              {proposal.decision && (
                <>
                  {' '}
                  <StatusBadge status={proposal.decision} />
                </>
              )}{' '}
              Opened by <Link href={personHref(proposal.author.id)}>{proposal.author.name}</Link>{' '}
              <DateTime value={proposal.created_at} />
              {proposal.from_idea_id && (
                <>
                  {' '}
                  · from the idea{' '}
                  <Link href={ideaHref(proposal.from_idea_id)}>
                    {proposal.chain.ideas.find((i) => i.id === proposal.from_idea_id)?.title ?? 'it came from'}
                  </Link>
                </>
              )}
            </p>
            {proposal.follow_up_of && (
              <p class="item__follow-up" data-testid="follows-up">
                Follows up <ProposalLink id={proposal.follow_up_of} />
              </p>
            )}
            {open && <Countdown closesAt={proposal.closes_at} />}
          </header>
          {proposal.body ? <PostBody body={proposal.body} topics={kNoTopics} /> : <p class="muted">No description.</p>}
        </article>
        <aside class="item-layout__chain" aria-label="Outcome chain">
          <ChainView chain={proposal.chain} current={{ type: 'proposal', id: proposal.id }} />
          <LinkedFromPages type="proposal" id={proposal.id} />
        </aside>
        <div class="item-layout__main">
          {!open && (
            <section class={`card outcome outcome--${proposal.decision ?? 'none'}`} aria-labelledby="outcome-heading">
              <h2 id="outcome-heading" tabIndex={-1}>
                Outcome{proposal.decision && <>: {kDecisionLabels[proposal.decision]}</>}
              </h2>
              <p class="outcome__text" data-decision={proposal.decision ?? ''}>
                {proposal.outcome}
              </p>
              {proposal.closed_at && (
                <p class="muted">
                  Closed <DateTime value={proposal.closed_at} />
                </p>
              )}
              {proposal.review_at && (
                <p class="outcome__review" data-testid="review-by">
                  Review by <Day value={proposal.review_at} />
                </p>
              )}
              {reviewDue && (
                <p class="outcome__due" data-testid="review-due">
                  <strong>Due for review:</strong> the review date has passed and no proposal follows this decision
                  up yet.
                </p>
              )}
              {proposal.followed_up_by && (
                <p class="outcome__followed" data-testid="followed-up-by">
                  Followed up by <ProposalLink id={proposal.followed_up_by} />
                </p>
              )}
              {isMember && (
                <p class="form__actions">
                  <Link
                    class={`button ${reviewDue ? 'button--primary' : 'button--secondary'}`}
                    href={followUpHref(proposal.space_id, proposal.id)}
                  >
                    Follow up
                  </Link>
                  {proposal.decision && <PromoteToPage type="proposal" id={proposal.id} />}
                </p>
              )}
            </section>
          )}
          <section class="card" aria-labelledby="tally-heading">
            <h2 id="tally-heading">Tally</h2>
            <TallyChart tally={proposal.tally} live={open} />
          </section>
          {open && isMember && (
            <StanceForm
              proposal={proposal}
              onChanged={(p) => setProposal((previous) => (previous ? { ...previous, ...p } : p))}
            />
          )}
          <p class="visually-hidden" role="status">
            {notice}
          </p>
          <section class="card" aria-labelledby={stancesId}>
            <h2 id={stancesId}>
              Stances <span class="count-badge">{proposal.stances.length}</span>
            </h2>
            {proposal.stances.length === 0 && <p class="muted">No one has taken a stance yet.</p>}
            <ul class="stance-list" aria-label="Stances">
              {proposal.stances.map((entry) => (
                <li key={entry.person.id} class="stance-entry" data-stance={entry.stance}>
                  <Avatar id={entry.person.id} name={entry.person.name} src={entry.person.avatar_url} size="sm" />
                  <div>
                    <p class="stance-entry__head">
                      <Link href={personHref(entry.person.id)}>{entry.person.name}</Link>{' '}
                      <span class={`stance-chip stance-chip--${entry.stance}`}>{kStanceLabels[entry.stance]}</span>{' '}
                      <span class="muted">
                        <DateTime value={entry.updated_at} />
                      </span>
                    </p>
                    {entry.reason && <p class="stance-entry__reason">{entry.reason}</p>}
                  </div>
                </li>
              ))}
            </ul>
          </section>
          {canClose && (
            <CloseForm
              proposal={proposal}
              onClosed={(p) => {
                setProposal((previous) => (previous ? { ...previous, ...p } : p));
                setNotice('The proposal is closed.');
                void reload();
                requestAnimationFrame(() => document.getElementById('outcome-heading')?.focus());
              }}
            />
          )}
        </div>
      </div>
    </section>
  );
}

// People suggested as able to help, as the expertise engine names them: each reason as a line
// whose text links to the evidence it cites (a problem solved, an idea adopted, a skill…). The
// list beside a problem or a record lets the person suggested say "Not me" (they are then left
// out of its suggestions) and the problem's author say who helped.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { expertise as expertiseApi } from '../api/endpoints';
import type { ExpertReason, ExpertSuggestion } from '../api/types';
import { Link } from '../state/router';
import { useMe } from '../state/session';
import { Alert } from './Alert';
import { Avatar } from './Avatar';
import { personHref } from './collab';

/** A reason's `ref` is a path of this web UI ("/problems/12"); anything else is shown as text. */
export function reasonHref(reason: ExpertReason): string | null {
  const ref = reason.ref;
  if (!ref || !ref.startsWith('/') || ref.startsWith('//')) return null;
  return ref;
}

export function expertiseHref(query: { q: string; space_id?: string; unit_id?: string; outside_unit?: boolean }): string {
  const params = new URLSearchParams();
  params.set('q', query.q);
  if (query.space_id) params.set('space_id', query.space_id);
  if (query.unit_id) params.set('unit_id', query.unit_id);
  if (query.outside_unit) params.set('outside_unit', 'true');
  return `/expertise?${params.toString()}`;
}

/** Why a person is suggested: one line per reason, linked to what it cites. */
export function ReasonList({ suggestion, compact = false }: { suggestion: ExpertSuggestion; compact?: boolean }) {
  if (suggestion.reasons.length === 0) return null;
  return (
    <ul class={`expert-reasons${compact ? ' expert-reasons--compact' : ''}`} aria-label={`Why ${suggestion.person.name}`}>
      {suggestion.reasons.map((reason, index) => {
        const href = reasonHref(reason);
        return (
          <li key={`${reason.kind}-${index}`} class="expert-reason" data-kind={reason.kind}>
            {href ? <Link href={href}>{reason.detail}</Link> : <span>{reason.detail}</span>}
          </li>
        );
      })}
    </ul>
  );
}

interface SuggestedPeopleProps {
  subjectType: 'problem' | 'record';
  subjectId: string;
  suggestions: ExpertSuggestion[];
  heading: string;
  headingId: string;
  /** The signed-in person wrote the problem: they may say who helped. */
  canSayHelped?: boolean;
  /** The signed-in person was told they were suggested (they came from that notification). */
  askedMe?: boolean;
  /** Called once the signed-in person has said "Not me". */
  onNotMe?: () => void;
  note?: ComponentChildren;
  empty?: ComponentChildren;
  footer?: ComponentChildren;
  className?: string;
}

export function SuggestedPeople({
  subjectType,
  subjectId,
  suggestions,
  heading,
  headingId,
  canSayHelped = false,
  askedMe = false,
  onNotMe,
  note,
  empty,
  footer,
  className,
}: SuggestedPeopleProps) {
  const me = useMe();
  const [declined, setDeclined] = useState(false);
  const [helped, setHelped] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const what = subjectType === 'problem' ? 'this problem' : 'this record';

  const shown = suggestions.filter((s) => !(declined && s.person.id === me.id));
  const listed = shown.some((s) => s.person.id === me.id);

  const notMe = async () => {
    setBusy(me.id);
    setError(null);
    try {
      await expertiseApi.notMe(subjectType, subjectId);
      setDeclined(true);
      setNotice(`Noted: you will not be suggested for ${what} again.`);
      onNotMe?.();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  const sayHelped = async (suggestion: ExpertSuggestion) => {
    setBusy(suggestion.person.id);
    setError(null);
    try {
      await expertiseApi.helped(subjectId, suggestion.person.id);
      setHelped((previous) => new Set(previous).add(suggestion.person.id));
      setNotice(`Thanks — noted that ${suggestion.person.name} helped.`);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  const notMeButton = (
    <button
      type="button"
      class="button button--secondary button--small"
      disabled={busy !== null}
      onClick={() => void notMe()}
      aria-label={`Not me: leave me out of suggestions for ${what}`}
    >
      Not me
    </button>
  );

  return (
    <section class={`card experts${className ? ` ${className}` : ''}`} aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {note}
      {askedMe && !declined && !listed && (
        <div class="experts__asked" data-testid="asked-me">
          <p>You were suggested as someone who may be able to help with {what}, from your past work.</p>
          {notMeButton}
        </div>
      )}
      {declined && (
        <p class="experts__declined muted" data-testid="not-me-done">
          Noted: you will not be suggested for {what} again.
        </p>
      )}
      {shown.length === 0 ? (
        (empty ?? <p class="muted">No one to suggest yet.</p>)
      ) : (
        <ul class="experts__list" aria-label={heading}>
          {shown.map((suggestion) => {
            const { person } = suggestion;
            const isMe = person.id === me.id;
            const saidHelped = helped.has(person.id);
            return (
              <li key={person.id} class="expert" data-person-id={person.id}>
                <Avatar id={person.id} name={person.name} src={person.avatar_url} size="sm" />
                <div class="expert__main">
                  <p class="expert__name">
                    <Link href={personHref(person.id)}>{person.name}</Link>
                    {isMe && <span class="muted"> (you)</span>}
                    {person.title && <span class="muted"> · {person.title}</span>}
                  </p>
                  <ReasonList suggestion={suggestion} compact />
                  {isMe && notMeButton}
                  {canSayHelped &&
                    !isMe &&
                    (saidHelped ? (
                      <p class="expert__helped" data-testid="helped-done">
                        Thanks — noted
                      </p>
                    ) : (
                      <button
                        type="button"
                        class="button button--outline button--small"
                        disabled={busy !== null}
                        onClick={() => void sayHelped(suggestion)}
                        aria-label={`Helped: ${person.name}`}
                      >
                        Helped
                      </button>
                    ))}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {error && <Alert>{error}</Alert>}
      <p class="visually-hidden" role="status">
        {notice}
      </p>
      {footer}
    </section>
  );
}

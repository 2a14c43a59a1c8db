// The first-run card on the home page: what Weft is for, and the first steps a newcomer has not
// taken yet — add skills, join spaces, follow colleagues — each ticked once done (counted by
// GET /me/agenda). Dismissed for good (in this browser) with its close button.

import { useState } from 'preact/hooks';
import type { Agenda } from '../api/types';
import { Link } from '../state/router';

type GettingStarted = Agenda['getting_started'];

const storageKey = (personId: string) => `weft.first-run.dismissed.${personId}`;

function readDismissed(personId: string): boolean {
  try {
    return window.localStorage.getItem(storageKey(personId)) === '1';
  } catch {
    return false;
  }
}

function rememberDismissed(personId: string): void {
  try {
    window.localStorage.setItem(storageKey(personId), '1');
  } catch {
    // Storage unavailable (e.g. blocked): the card is hidden until the page is loaded again.
  }
}

/** A newcomer is someone with no skills, no spaces or no one followed yet. */
export function isNewcomer(started: GettingStarted): boolean {
  return started.skills === 0 || started.spaces === 0 || started.following === 0;
}

export function FirstRun({ personId, started, onDismiss }: { personId: string; started: GettingStarted; onDismiss?: () => void }) {
  const [dismissed, setDismissed] = useState(() => readDismissed(personId));
  if (dismissed || !isNewcomer(started)) return null;

  const steps = [
    { done: started.skills > 0, href: '/me/edit', text: 'Add your skills', why: 'so people with a problem can find you' },
    { done: started.spaces > 0, href: '/spaces', text: 'Join spaces', why: 'where your team works on problems, ideas and proposals' },
    { done: started.following > 0, href: '/people', text: 'Follow colleagues', why: 'to see what they share' },
  ];
  const dismiss = () => {
    rememberDismissed(personId);
    setDismissed(true);
    onDismiss?.();
  };

  return (
    <section class="card first-run" aria-labelledby="first-run-title">
      <div class="first-run__head">
        <h2 id="first-run-title">Welcome to Weft</h2>
        <button type="button" class="button button--ghost button--small first-run__dismiss" onClick={dismiss}>
          Dismiss<span class="visually-hidden"> the welcome card</span>
        </button>
      </div>
      <p>Weft is where problems get solved, ideas get adopted and decisions get made — together.</p>
      <ol class="first-run__steps" aria-label="First steps">
        {steps.map((step) => (
          <li key={step.href} class={`first-run__step${step.done ? ' first-run__step--done' : ''}`} data-done={step.done}>
            <span class="first-run__tick" aria-hidden="true">
              {step.done ? '✓' : ''}
            </span>
            <span>
              <span class="visually-hidden">{step.done ? 'Done: ' : 'To do: '}</span>
              <Link href={step.href}>{step.text}</Link> <span class="muted">{step.why}</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

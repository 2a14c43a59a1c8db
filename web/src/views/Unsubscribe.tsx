// The page an e-mail's "Stop these e-mails" link opens (/unsubscribe?token=…), signed in or not.
// Opening it changes nothing — mail scanners follow links — until the person presses Unsubscribe,
// which posts the token (POST /api/v1/mail/unsubscribe): that e-mail's scope, every e-mail or those
// about one space, is then off, and the page says for which address.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/client';
import { mail as mailApi } from '../api/endpoints';
import type { Unsubscribed } from '../api/types';
import { Alert } from '../components/Alert';
import { Link } from '../state/router';

const kInvalid = 'This unsubscribe link is not valid.';

type State =
  | { step: 'ask'; error?: string }
  | { step: 'busy' }
  | { step: 'done'; answer: Unsubscribed }
  | { step: 'invalid' };

export function Unsubscribe({ token }: { token: string | null }) {
  const [state, setState] = useState<State>(token ? { step: 'ask' } : { step: 'invalid' });
  const heading = useRef<HTMLHeadingElement>(null);
  const asked = useRef(false);

  // Once the answer is in, the heading takes the focus, so the outcome is read out from the top.
  useEffect(() => {
    if (asked.current && state.step !== 'busy') heading.current?.focus();
  }, [state.step]);

  const unsubscribe = async () => {
    if (!token) return;
    asked.current = true;
    setState({ step: 'busy' });
    try {
      const answer = await mailApi.unsubscribe(token);
      setState({ step: 'done', answer });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setState({ step: 'invalid' });
      else setState({ step: 'ask', error: describeError(error) });
    }
  };

  const settings = (
    <p class="unsubscribe__settings">
      <Link href="/settings/notifications">Choose what Weft e-mails you</Link>
    </p>
  );

  return (
    <main id="main" class="signin" tabIndex={-1}>
      <div class="signin__card unsubscribe">
        <div class="brand brand--large" aria-hidden="true">
          <span class="brand__mark" />
          Weft
        </div>
        {state.step === 'done' ? (
          <>
            <h1 ref={heading} tabIndex={-1}>You are unsubscribed</h1>
            <Alert kind="success">
              <span data-testid="unsubscribed">
                {state.answer.space_name
                  ? `You will get no more e-mails about “${state.answer.space_name}” at ${state.answer.email}.`
                  : `You will get no more e-mails at ${state.answer.email}.`}
              </span>
            </Alert>
            <p class="muted">You can change your mind at any time in your settings.</p>
            {settings}
          </>
        ) : (
          <>
            <h1 ref={heading} tabIndex={-1}>Stop e-mails from Weft?</h1>
            {state.step === 'invalid' ? (
              <>
                <Alert>{kInvalid}</Alert>
                <p class="muted">It may have been copied only in part. You can choose what Weft e-mails you in your settings.</p>
                {settings}
              </>
            ) : (
              <>
                <p class="muted">
                  This link came in an e-mail from Weft. Unsubscribing stops the e-mails it was about: all of them, or
                  those about one space. Nothing changes until you press the button.
                </p>
                {state.step === 'ask' && state.error && <Alert>{state.error}</Alert>}
                <button type="button" class="button button--primary button--block" disabled={state.step === 'busy'}
                  onClick={() => void unsubscribe()}>
                  {state.step === 'busy' ? 'Unsubscribing…' : 'Unsubscribe'}
                </button>
                {settings}
              </>
            )}
          </>
        )}
      </div>
    </main>
  );
}

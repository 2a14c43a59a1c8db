// A value to paste elsewhere (an address to register at another system), read-only, with a copy
// button and a status line that says whether the copy worked.

import { useId, useRef, useState } from 'preact/hooks';
import { copyText } from './copyText';

export function CopyField({ label, value, testId, copyLabel }: {
  label: string;
  value: string;
  testId?: string;
  /** The copy button's accessible name, when "Copy" alone is ambiguous on the page. */
  copyLabel?: string;
}) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => setCopyState((await copyText(value, input.current)) ? 'copied' : 'failed');
  return (
    <div class="field">
      <label for={inputId}>{label}</label>
      <div class="token-reveal__row">
        <input id={inputId} ref={input} class="token-reveal__value" data-testid={testId} type="text" value={value}
          readOnly spellcheck={false} autoComplete="off" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button button--secondary" onClick={copy} aria-label={copyLabel}>
          Copy
        </button>
      </div>
      <p class={copyState === 'failed' ? 'field__error' : 'field__ok'} role="status">
        {copyState === 'copied' && 'Copied to the clipboard.'}
        {copyState === 'failed' && 'Could not copy. Select it and copy it yourself.'}
      </p>
    </div>
  );
}

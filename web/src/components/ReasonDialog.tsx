// A reason, asked for in a modal <dialog> before an act that needs one: reporting a post to its
// moderators, and a moderator hiding, restoring or dismissing its reports. The reason is required
// and at most 500 characters (as the server counts them); an empty or too long one is refused here,
// before anything is sent, and the server's own refusal is shown by the field it names. Focus
// stays inside, Escape closes, and focus returns to the button that opened it.

import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { Alert } from './Alert';
import { bodyLength } from './Composer';
import { useFormErrors } from './formErrors';
import { useModalDialog } from './useModalDialog';

export const kReasonMax = 500;
const kNumber = new Intl.NumberFormat();

interface ReasonDialogProps {
  title: string;
  /** The reason field's label. */
  label: string;
  /** Under the field, e.g. who will read the reason. */
  hint?: string;
  /** The submit button's words, and its words while busy. */
  submitLabel: string;
  busyLabel: string;
  /** What the act is about (a quote of the post), above the field. */
  children?: ComponentChildren;
  /** A destructive act: the submit button is red. */
  danger?: boolean;
  /** Sends the (trimmed) reason; an error it throws is shown in the dialog, which stays open. */
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
}

export function ReasonDialog({
  title,
  label,
  hint,
  submitLabel,
  busyLabel,
  children,
  danger = false,
  onSubmit,
  onClose,
}: ReasonDialogProps) {
  const modal = useModalDialog(onClose);
  const titleId = useId();
  const fieldId = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

  const length = bodyLength(reason);
  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (busy) return;
    errors.clear();
    if (length === 0) {
      errors.setField('reason', 'Give a reason.');
      return;
    }
    if (length > kReasonMax) {
      errors.setField('reason', `The reason is ${kNumber.format(length - kReasonMax)} characters too long (at most ${kReasonMax}).`);
      return;
    }
    setBusy(true);
    try {
      await onSubmit(reason.trim());
    } catch (error) {
      errors.show(error, ['reason']);
      setBusy(false);
    }
  };

  const error = errors.fields.reason;
  // The error alone while there is one (it says what is wrong); else the hint and the counter.
  const describedBy = error ? `${fieldId}-error` : [hint ? `${fieldId}-hint` : '', `${fieldId}-counter`].filter(Boolean).join(' ');
  return (
    <dialog
      {...modal}
      class="dialog reason-dialog"
      aria-labelledby={titleId}
    >
      <form class="dialog__body" onSubmit={submit} noValidate>
        <h2 id={titleId}>{title}</h2>
        {children}
        <div class={`field${error ? ' field--invalid' : ''}`}>
          <label for={fieldId}>{label}</label>
          <textarea
            id={fieldId}
            name="reason"
            rows={3}
            value={reason}
            onInput={(event) => setReason(event.currentTarget.value)}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit();
            }}
          />
          <div class="body-field__meta">
            {error ? (
              <p class="field__error" id={`${fieldId}-error`}>
                {error}
              </p>
            ) : hint ? (
              <p class="field__hint" id={`${fieldId}-hint`}>
                {hint}
              </p>
            ) : (
              <span />
            )}
            <p class={`body-field__counter${length > kReasonMax ? ' body-field__counter--over' : ''}`} id={`${fieldId}-counter`}>
              {kNumber.format(length)} / {kReasonMax}
              <span class="visually-hidden"> characters</span>
            </p>
          </div>
        </div>
        {errors.form && <Alert>{errors.form}</Alert>}
        <div class="form__actions dialog__actions">
          <button type="submit" class={`button ${danger ? 'button--danger' : 'button--primary'}`} disabled={busy}>
            {busy ? busyLabel : submitLabel}
          </button>
          <button type="button" class="button button--ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

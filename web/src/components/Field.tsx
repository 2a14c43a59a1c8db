// Labelled form controls. Every control has a <label>; an error from the server whose `field`
// names the control is shown under it and linked with aria-describedby.

import type {
  ComponentChildren,
  InputHTMLAttributes,
  PartialSelectHTMLAttributes,
  TargetedInputEvent,
  TextareaHTMLAttributes,
} from 'preact';
import { useId } from 'preact/hooks';

interface FieldShellProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ComponentChildren;
  className?: string;
}

function FieldShell({ id, label, hint, error, children, className }: FieldShellProps) {
  return (
    <div class={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint && !error && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  if (error) return `${id}-error`;
  if (hint) return `${id}-hint`;
  return undefined;
}

interface InputProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  error?: string;
  className?: string;
  id?: string;
  type?: 'text' | 'email' | 'password' | 'search' | 'url' | 'date';
  name?: string;
  placeholder?: string;
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
  list?: string;
  autoFocus?: boolean;
  disabled?: boolean;
  /** For type "date": the earliest and latest days, as YYYY-MM-DD. */
  min?: string;
  max?: string;
}

export function TextField({ label, value, onValue, hint, error, className, id, type = 'text', ...rest }: InputProps) {
  const generated = useId();
  const inputId = id || generated;
  // Preact's input typing ties `list` and `role` to each `type`; this field allows the few
  // combinations it is used with, so the attribute object is assembled and asserted once here.
  const attributes = {
    id: inputId,
    type,
    value,
    onInput: (event: TargetedInputEvent<HTMLInputElement>) => onValue(event.currentTarget.value),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(inputId, hint, error),
    ...rest,
  } as InputHTMLAttributes<HTMLInputElement>;
  return (
    <FieldShell id={inputId} label={label} hint={hint} error={error} className={className}>
      <input {...attributes} />
    </FieldShell>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onInput' | 'value' | 'label' | 'role'> & {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  error?: string;
};

export function TextAreaField({ label, value, onValue, hint, error, ...rest }: TextAreaProps) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      />
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

type SelectProps = Omit<PartialSelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value' | 'label' | 'role'> & {
  label: string;
  value: string;
  onValue: (value: string) => void;
  options: Option[];
  hint?: string;
  error?: string;
  className?: string;
};

export function SelectField({ label, value, onValue, options, hint, error, className, ...rest }: SelectProps) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} className={className}>
      <select
        id={id}
        value={value}
        onChange={(event) => onValue(event.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

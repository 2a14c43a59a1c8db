// Routes an API error to the form field it names (the envelope's `field`), or to the form as a
// whole when the field is not one the form shows.

import { useCallback, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/client';

export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
  /** Returns true when the error was placed next to a field. */
  show(error: unknown, knownFields: readonly string[]): boolean;
  clear(): void;
  setField(field: string, message: string): void;
}

/** "skills[2]" and "skills.2" belong to the "skills" control. */
function baseField(field: string): string {
  return field.split(/[.[]/)[0] ?? field;
}

export function useFormErrors(): FormErrors {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [form, setForm] = useState<string | null>(null);

  const show = useCallback((error: unknown, knownFields: readonly string[]) => {
    const message = describeError(error);
    if (error instanceof ApiError && error.field) {
      const field = baseField(error.field);
      if (knownFields.includes(field)) {
        setFields({ [field]: message });
        setForm(null);
        return true;
      }
    }
    setFields({});
    setForm(message);
    return false;
  }, []);

  const clear = useCallback(() => {
    setFields({});
    setForm(null);
  }, []);

  const setField = useCallback((field: string, message: string) => {
    setFields((previous) => ({ ...previous, [field]: message }));
  }, []);

  return { fields, form, show, clear, setField };
}

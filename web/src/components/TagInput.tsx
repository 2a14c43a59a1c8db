// An editable list of short tags (skills). Type and press Enter or comma (or the Add button) to
// add; each tag has its own remove button. Suggestions come from the organization's skills.

import { useEffect, useId, useState } from 'preact/hooks';
import { isAbort } from '../api/client';
import { skills as skillsApi } from '../api/endpoints';
import { useDebounced } from './useDebounced';

interface TagInputProps {
  label: string;
  tags: string[];
  onTags: (tags: string[]) => void;
  maxTags?: number;
  maxLength?: number;
  error?: string;
}

export function TagInput({ label, tags, onTags, maxTags = 50, maxLength = 60, error }: TagInputProps) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const prefix = useDebounced(draft.trim(), 200);

  useEffect(() => {
    if (!prefix) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    skillsApi
      .search(prefix, 8, controller.signal)
      .then((page) => setSuggestions(page.items.map((s) => s.name)))
      .catch((e: unknown) => {
        if (!isAbort(e)) setSuggestions([]);
      });
    return () => controller.abort();
  }, [prefix]);

  const add = (raw: string) => {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (!tag) return;
    if (tag.length > maxLength) {
      setNote(`A skill can be at most ${maxLength} characters.`);
      return;
    }
    if (tags.some((t) => t.toLowerCase() === tag.toLowerCase())) {
      setNote(`“${tag}” is already in the list.`);
      setDraft('');
      return;
    }
    if (tags.length >= maxTags) {
      setNote(`At most ${maxTags} skills.`);
      return;
    }
    setNote(null);
    onTags([...tags, tag]);
    setDraft('');
  };

  const remove = (tag: string) => {
    onTags(tags.filter((t) => t !== tag));
    setNote(`Removed “${tag}”.`);
  };

  const message = error ?? note;
  return (
    <div class={`field tag-input${error ? ' field--invalid' : ''}`}>
      <label for={id}>{label}</label>
      {tags.length > 0 && (
        <ul class="chips" aria-label={`Current ${label.toLowerCase()}`}>
          {tags.map((tag) => (
            <li key={tag} class="chip chip--removable">
              <span>{tag}</span>
              <button type="button" class="chip__remove" onClick={() => remove(tag)} aria-label={`Remove ${tag}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="tag-input__row">
        <input
          id={id}
          value={draft}
          list={`${id}-suggestions`}
          autoComplete="off"
          maxLength={maxLength}
          placeholder="Type a skill and press Enter"
          aria-invalid={error ? true : undefined}
          aria-describedby={message ? `${id}-message` : undefined}
          onInput={(event) => {
            const value = event.currentTarget.value;
            if (value.endsWith(',')) add(value.slice(0, -1));
            else setDraft(value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add(draft);
            } else if (event.key === 'Backspace' && draft === '' && tags.length > 0) {
              remove(tags[tags.length - 1]!);
            }
          }}
        />
        <button type="button" class="button button--secondary" onClick={() => add(draft)} disabled={!draft.trim()}>
          Add
        </button>
      </div>
      <datalist id={`${id}-suggestions`}>
        {suggestions
          .filter((s) => !tags.some((t) => t.toLowerCase() === s.toLowerCase()))
          .map((s) => (
            <option key={s} value={s} />
          ))}
      </datalist>
      <p
        class={error ? 'field__error' : 'field__hint'}
        id={`${id}-message`}
        aria-live="polite"
        hidden={!message}
      >
        {message}
      </p>
    </div>
  );
}

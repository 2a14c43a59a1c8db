// A labelled textarea that suggests people while an @handle is being typed (GET /api/v1/people?q=).
// Keyboard: ArrowDown/ArrowUp move through the suggestions, Enter or Tab picks one, Escape closes
// the list. The textarea stays focused; the active option is exposed with aria-activedescendant.

import type { TextareaHTMLAttributes } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { isAbort } from '../api/client';
import { people as peopleApi } from '../api/endpoints';
import type { Person } from '../api/types';
import { Avatar } from './Avatar';

/** The "@prefix" that ends at the caret, if the caret is in one. */
function mentionAt(text: string, caret: number): { start: number; prefix: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[^\p{L}\p{N}@])@([a-z0-9._-]{0,40})$/iu.exec(before);
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, prefix: match[2]! };
}

type NativeProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onInput' | 'onKeyDown' | 'id'>;

interface MentionTextareaProps extends NativeProps {
  id: string;
  value: string;
  onValue: (value: string) => void;
  /** Ctrl/Cmd+Enter. */
  onSubmitShortcut?: () => void;
  textareaRef?: { current: HTMLTextAreaElement | null };
}

export function MentionTextarea({ id, value, onValue, onSubmitShortcut, textareaRef, ...rest }: MentionTextareaProps) {
  const listId = useId();
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const ref = textareaRef ?? ownRef;
  const [mention, setMention] = useState<{ start: number; prefix: string } | null>(null);
  const [suggestions, setSuggestions] = useState<Person[]>([]);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);

  const prefix = mention?.prefix ?? null;
  useEffect(() => {
    setActive(0);
    if (!prefix) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      peopleApi
        .list({ q: prefix, limit: 5 }, controller.signal)
        .then((page) => {
          setSuggestions(page.items.slice(0, 5));
          setActive(0);
        })
        .catch((e: unknown) => {
          if (!isAbort(e)) setSuggestions([]);
        });
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [prefix]);

  const track = (element: HTMLTextAreaElement) => {
    const found = mentionAt(element.value, element.selectionStart ?? element.value.length);
    setMention(found);
    if (!found) setDismissed(null);
  };

  const open = Boolean(mention && mention.prefix && suggestions.length > 0 && dismissed !== mention.prefix);

  const pick = (person: Person) => {
    const element = ref.current;
    if (!mention || !element) return;
    const caret = element.selectionStart ?? value.length;
    const insert = `@${person.handle} `;
    const next = value.slice(0, mention.start) + insert + value.slice(caret).replace(/^\s/, '');
    onValue(next);
    setMention(null);
    setSuggestions([]);
    const position = mention.start + insert.length;
    requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(position, position);
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (open) {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        setActive((i) => (i + 1) % suggestions.length);
        return;
      }
      if (event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((i) => (i - 1 + suggestions.length) % suggestions.length);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        const person = suggestions[active];
        if (person) pick(person);
        return;
      }
      if (event.key === 'Escape') {
        // Close the list only; a surrounding dialog stays open.
        event.preventDefault();
        event.stopPropagation();
        setDismissed(mention?.prefix ?? null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && onSubmitShortcut) {
      event.preventDefault();
      onSubmitShortcut();
    }
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  return (
    <div class="mention-input">
      <textarea
        {...rest}
        id={id}
        ref={ref}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(active) : undefined}
        onInput={(event) => {
          onValue(event.currentTarget.value);
          track(event.currentTarget);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(event) => {
          if (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || event.key === 'Home' || event.key === 'End') {
            track(event.currentTarget);
          }
        }}
        onClick={(event) => track(event.currentTarget)}
        onBlur={() => setTimeout(() => setMention(null), 150)}
      />
      {open && (
        <ul class="mention-input__list" id={listId} role="listbox" aria-label="People to mention">
          {suggestions.map((person, index) => (
            <li
              key={person.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              class={`mention-input__option${index === active ? ' mention-input__option--active' : ''}`}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(person);
              }}
              onMouseEnter={() => setActive(index)}
            >
              <Avatar id={person.id} name={person.name} src={person.avatar_url} size="sm" />
              <span class="mention-input__name">{person.name}</span>
              <span class="handle">@{person.handle}</span>
            </li>
          ))}
        </ul>
      )}
      <p class="visually-hidden" aria-live="polite">
        {open ? `${suggestions.length} ${suggestions.length === 1 ? 'person' : 'people'} to mention; use the arrow keys and Enter.` : ''}
      </p>
    </div>
  );
}

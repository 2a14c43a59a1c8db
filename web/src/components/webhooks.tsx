// Pieces shared by the administrators' webhook pages: the event types a webhook may want (as
// checkboxes, with "every event"), a secret field that can generate one, and how a webhook's
// state and a delivery's status read.

import { useId, useRef, useState } from 'preact/hooks';
import type { DeliveryStatus, Webhook, WebhookDisabledReason } from '../api/types';
import { copyText } from './copyText';

/** The event types Weft delivers, grouped as people think of them. */
export const kEventGroups: ReadonlyArray<{ label: string; events: ReadonlyArray<{ type: string; hint: string }> }> = [
  {
    label: 'Posts',
    events: [
      { type: 'post.created', hint: 'a post is written' },
      { type: 'post.replied', hint: 'someone replies to a post' },
      { type: 'post.reshared', hint: 'a post is reshared' },
      { type: 'post.edited', hint: 'a post is edited' },
      { type: 'post.deleted', hint: 'a post is deleted' },
    ],
  },
  { label: 'Spaces', events: [{ type: 'space.created', hint: 'a space is created' }] },
  {
    label: 'Problems',
    events: [
      { type: 'problem.created', hint: 'a problem is opened' },
      { type: 'problem.resolved', hint: 'a problem is resolved' },
      { type: 'problem.reopened', hint: 'a problem is reopened' },
      { type: 'solution.added', hint: 'a solution is proposed' },
      { type: 'solution.accepted', hint: 'a solution is accepted' },
    ],
  },
  {
    label: 'Ideas',
    events: [
      { type: 'idea.created', hint: 'an idea is posted' },
      { type: 'idea.commented', hint: 'someone comments on an idea' },
      { type: 'idea.stage_changed', hint: 'an idea moves to another stage' },
    ],
  },
  {
    label: 'Proposals',
    events: [
      { type: 'proposal.opened', hint: 'a proposal opens' },
      { type: 'proposal.closed', hint: 'a proposal is decided' },
    ],
  },
  {
    label: 'Records',
    events: [
      { type: 'record.upserted', hint: 'a record arrives or changes' },
      { type: 'record.followed', hint: 'someone follows a record' },
    ],
  },
  { label: 'People', events: [{ type: 'person.created', hint: 'someone joins Weft' }] },
];

export const kAllEvents = '*';

export const kSecretMin = 16;
export const kSecretMax = 200;

/** A Standard Webhooks secret: "whsec_" and the base64 of 32 random bytes. */
export function generateSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `whsec_${btoa(binary)}`;
}

/** "every event", or the list of types. */
export function eventsText(events: readonly string[]): string {
  return events.includes(kAllEvents) ? 'every event' : events.join(', ');
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Event type checkboxes, with "every event" that stands for all of them, now and to come. */
export function EventCheckboxes({
  value,
  onValue,
  error,
}: {
  value: string[];
  onValue: (events: string[]) => void;
  error?: string;
}) {
  const id = useId();
  const every = value.includes(kAllEvents);
  const toggle = (type: string, on: boolean) =>
    onValue(on ? [...value.filter((t) => t !== type), type] : value.filter((t) => t !== type));
  return (
    <fieldset
      class={`field fieldset webhook-events${error ? ' field--invalid' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>Events</legend>
      <div class="checkbox webhook-events__every">
        <input
          id={`${id}-every`}
          type="checkbox"
          checked={every}
          onChange={(e) => onValue(e.currentTarget.checked ? [kAllEvents] : [])}
          aria-describedby={`${id}-every-hint`}
        />
        <label for={`${id}-every`}>Every event</label>
        <span class="checkbox__hint muted" id={`${id}-every-hint`}>
          Including event types added in later versions of Weft.
        </span>
      </div>
      <div class="webhook-events__groups">
        {kEventGroups.map((group) => (
          <fieldset key={group.label} class="webhook-events__group" disabled={every}>
            <legend>{group.label}</legend>
            {group.events.map((event) => (
              <div class="checkbox" key={event.type}>
                <input
                  id={`${id}-${event.type}`}
                  type="checkbox"
                  name="events"
                  value={event.type}
                  checked={every || value.includes(event.type)}
                  onChange={(e) => toggle(event.type, e.currentTarget.checked)}
                  aria-describedby={`${id}-${event.type}-hint`}
                />
                <label for={`${id}-${event.type}`}>
                  <code>{event.type}</code>
                </label>
                <span class="checkbox__hint muted" id={`${id}-${event.type}-hint`}>
                  {event.hint}
                </span>
              </div>
            ))}
          </fieldset>
        ))}
      </div>
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * The secret that signs deliveries: typed in or generated here, in the browser. Weft never shows
 * it again, so the field says so and offers to copy it.
 */
export function SecretField({
  label,
  value,
  onValue,
  error,
  note,
}: {
  label: string;
  value: string;
  onValue: (secret: string) => void;
  error?: string;
  note: string;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const generate = () => {
    onValue(generateSecret());
    setCopyState('idle');
  };
  const copy = async () => setCopyState((await copyText(value, input.current)) ? 'copied' : 'failed');
  return (
    <div class={`field webhook-secret${error ? ' field--invalid' : ''}`}>
      <label for={id}>{label}</label>
      <div class="token-reveal__row">
        <input
          id={id}
          ref={input}
          class="token-reveal__value"
          type="text"
          name="secret"
          value={value}
          onInput={(e) => {
            onValue(e.currentTarget.value);
            setCopyState('idle');
          }}
          maxLength={kSecretMax}
          spellcheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-note${error ? ` ${id}-error` : ''}`}
        />
        <button type="button" class="button button--secondary" onClick={generate}>
          Generate secret
        </button>
        <button type="button" class="button button--ghost" onClick={copy} disabled={!value}>
          Copy secret
        </button>
      </div>
      <p class="field__hint webhook-secret__note" id={`${id}-note`}>
        {note}
      </p>
      <p class={copyState === 'failed' ? 'field__error' : 'field__ok'} role="status">
        {copyState === 'copied' && 'Copied to the clipboard.'}
        {copyState === 'failed' && 'Could not copy. Select the secret and copy it yourself.'}
      </p>
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

const kDisabledText: Record<WebhookDisabledReason, string> = {
  gone: 'Disabled: the receiver answered 410 Gone',
  failing: 'Disabled after 5 days of failed deliveries',
  admin: 'Disabled by an admin',
};

export function disabledText(reason: Webhook['disabled_reason']): string {
  return reason ? kDisabledText[reason] : 'Disabled';
}

/** Enabled, or disabled and why. */
export function WebhookState({ webhook }: { webhook: Webhook }) {
  if (webhook.enabled) {
    return (
      <span class="webhook-state" data-state="enabled">
        <span class="badge badge--enabled">Enabled</span>
      </span>
    );
  }
  return (
    <span class="webhook-state" data-state="disabled" data-reason={webhook.disabled_reason ?? ''}>
      <span class="badge badge--inactive">Disabled</span>{' '}
      <span class="webhook-state__reason">{kReasonText[webhook.disabled_reason ?? 'admin']}</span>
    </span>
  );
}

const kReasonText: Record<WebhookDisabledReason, string> = {
  gone: 'the receiver answered 410 Gone',
  failing: 'after 5 days of failed deliveries',
  admin: 'by an admin',
};

const kStatusLabels: Record<DeliveryStatus, string> = {
  pending: 'Pending',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return <span class={`badge delivery-status delivery-status--${status}`}>{kStatusLabels[status]}</span>;
}

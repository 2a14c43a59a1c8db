// The four stance buttons on a proposal — Agree, Abstain, Disagree, Block — with the current stance
// pressed and "Saving…" on the one being sent. Used by the proposal page and the home agenda.

import type { Stance } from '../api/types';
import { kStanceLabels, kStances } from './collab';

interface StanceButtonsProps {
  /** The group's accessible name, e.g. "Take a stance". */
  label: string;
  current: Stance | null;
  /** The stance being sent, if any: every button is disabled meanwhile. */
  busy: Stance | null;
  onTake: (stance: Stance) => void;
  /** Extra class for the group, e.g. a compact layout. */
  class?: string;
}

export function StanceButtons({ label, current, busy, onTake, class: extra }: StanceButtonsProps) {
  return (
    <div class={`stance-buttons${extra ? ` ${extra}` : ''}`} role="group" aria-label={label}>
      {kStances.map((stance) => (
        <button
          key={stance}
          type="button"
          class={`button stance-button stance-button--${stance}${current === stance ? ' stance-button--on' : ''}`}
          aria-pressed={current === stance}
          disabled={busy !== null}
          onClick={() => onTake(stance)}
        >
          {busy === stance ? 'Saving…' : kStanceLabels[stance]}
        </button>
      ))}
    </div>
  );
}

// A proposal's tally as horizontal SVG bars (agree, abstain, disagree, block), each bar its share
// of all stances, with the counts written next to them. Changes after the first render are
// announced politely, so the chart is "live" for screen-reader users too.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Tally } from '../api/types';
import { kStanceLabels, kStances } from './collab';

const kRowHeight = 34;
const kLabelWidth = 84;
const kCountWidth = 70;
const kMaxWidth = 560;

export function describeTally(tally: Tally): string {
  return kStances.map((s) => `${kStanceLabels[s]} ${tally[s]}`).join(', ');
}

export function TallyChart({ tally, live }: { tally: Tally; live: boolean }) {
  const titleId = useId();
  const descId = useId();
  const total = kStances.reduce((sum, s) => sum + tally[s], 0);
  const summary = describeTally(tally);
  const previous = useRef<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // One SVG unit per CSS pixel, so the text keeps its size on a phone.
  const figure = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(kMaxWidth);
  useEffect(() => {
    const element = figure.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const next = Math.max(240, Math.min(kMaxWidth, Math.floor(element.clientWidth)));
      setWidth((previous) => (previous === next ? previous : next));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const barWidth = width - kLabelWidth - kCountWidth;

  useEffect(() => {
    if (previous.current !== null && previous.current !== summary) setAnnouncement(`Tally updated: ${summary}.`);
    previous.current = summary;
  }, [summary]);

  const height = kStances.length * kRowHeight;
  return (
    <figure class="tally" data-total={total} ref={figure}>
      <svg
        class="tally__svg"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>Tally{live ? ', updating live' : ''}</title>
        <desc id={descId}>
          {summary}; {total} {total === 1 ? 'stance' : 'stances'} in all.
        </desc>
        {kStances.map((stance, index) => {
          const count = tally[stance];
          const share = total > 0 ? count / total : 0;
          const length = Math.max(count > 0 ? 3 : 0, Math.round(share * barWidth));
          const y = index * kRowHeight;
          return (
            <g key={stance} class={`tally__row tally__row--${stance}`} data-stance={stance} data-count={count}>
              <text class="tally__label" x={0} y={y + kRowHeight / 2} dy="0.35em">
                {kStanceLabels[stance]}
              </text>
              <rect class="tally__track" x={kLabelWidth} y={y + 6} width={barWidth} height={kRowHeight - 12} rx={4} />
              <rect
                class={`tally__bar tally__bar--${stance}`}
                x={kLabelWidth}
                y={y + 6}
                width={length}
                height={kRowHeight - 12}
                rx={4}
              />
              <text class="tally__count" x={width - 4} y={y + kRowHeight / 2} dy="0.35em">
                {count}
                {total > 0 ? ` · ${Math.round(share * 100)}%` : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="muted tally__caption">
        {total === 0 ? 'No stances yet.' : `${total} ${total === 1 ? 'stance' : 'stances'}`}
        {live && ' · updates every few seconds'}
      </figcaption>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </figure>
  );
}

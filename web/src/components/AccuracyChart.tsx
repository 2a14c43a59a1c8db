// How well suggestions found the solvers, month by month, as inline SVG: a bar per month for hit@3
// (the share of that month's resolved problems whose accepted solver was among the first three
// suggested) and a line for the mean reciprocal rank, both on a 0–1 scale. The chart is one image
// to assistive technology, named by a summary; the same figures follow in a visually hidden table.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccuracyMonth } from '../api/types';

const kMaxWidth = 720;
const kHeight = 240;
const kTop = 12;
const kBottom = 28;
const kLeft = 44;
const kRight = 44;
const kTicks = [0, 0.25, 0.5, 0.75, 1];

const kMonthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: '2-digit', timeZone: 'UTC' });

/** "2026-11" as "Nov 26" in the reader's locale. */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number);
  if (!year || !m) return month;
  return kMonthFormat.format(new Date(Date.UTC(year, m - 1, 1)));
}

export const percent = (share: number) => `${Math.round(share * 100)}%`;
export const mrrText = (mrr: number) => mrr.toFixed(2);

export function describeMonths(months: AccuracyMonth[]): string {
  return months
    .map((m) => `${monthLabel(m.month)}: hit at 3 ${percent(m.hit_at_3)}, MRR ${mrrText(m.mrr)}, ${m.problems} ${m.problems === 1 ? 'problem' : 'problems'}`)
    .join('; ');
}

export function AccuracyChart({ months }: { months: AccuracyMonth[] }) {
  const figure = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(kMaxWidth);
  // One SVG unit per CSS pixel, so the labels keep their size on a phone.
  useEffect(() => {
    const element = figure.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const next = Math.max(280, Math.min(kMaxWidth, Math.floor(element.clientWidth)));
      setWidth((previous) => (previous === next ? previous : next));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const plotWidth = width - kLeft - kRight;
  const plotHeight = kHeight - kTop - kBottom;
  const slot = plotWidth / Math.max(1, months.length);
  const barWidth = Math.max(4, Math.min(48, slot * 0.6));
  const y = (share: number) => kTop + plotHeight * (1 - Math.max(0, Math.min(1, share)));
  const x = (index: number) => kLeft + slot * index + slot / 2;
  // Month names only as often as they fit.
  const every = Math.max(1, Math.ceil(56 / slot));
  const line = months.map((m, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(m.mrr).toFixed(1)}`).join(' ');
  const label = `Suggestion accuracy by month: bars show hit at 3, the line shows MRR. ${describeMonths(months)}.`;

  return (
    <figure class="accuracy-chart" ref={figure}>
      <svg
        class="accuracy-chart__svg"
        viewBox={`0 0 ${width} ${kHeight}`}
        width={width}
        height={kHeight}
        role="img"
        aria-label={label}
        preserveAspectRatio="xMinYMin meet"
        data-testid="accuracy-chart"
      >
        {kTicks.map((tick) => (
          <g key={tick} class="accuracy-chart__tick">
            <line class="accuracy-chart__grid" x1={kLeft} x2={width - kRight} y1={y(tick)} y2={y(tick)} />
            <text class="accuracy-chart__axis" x={kLeft - 6} y={y(tick)} dy="0.35em" text-anchor="end">
              {percent(tick)}
            </text>
            <text class="accuracy-chart__axis" x={width - kRight + 6} y={y(tick)} dy="0.35em">
              {tick.toFixed(2)}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const top = y(m.hit_at_3);
          return (
            <g key={m.month} class="accuracy-chart__month" data-month={m.month}>
              <rect
                class="accuracy-chart__bar"
                x={x(i) - barWidth / 2}
                y={top}
                width={barWidth}
                height={Math.max(0, kTop + plotHeight - top)}
                rx={3}
              />
              {i % every === 0 && (
                <text class="accuracy-chart__axis" x={x(i)} y={kHeight - 8} text-anchor="middle">
                  {monthLabel(m.month)}
                </text>
              )}
            </g>
          );
        })}
        {months.length > 1 && <path class="accuracy-chart__line" d={line} />}
        {months.map((m, i) => (
          <circle key={m.month} class="accuracy-chart__dot" cx={x(i)} cy={y(m.mrr)} r={4} />
        ))}
      </svg>
      <figcaption class="accuracy-chart__legend muted">
        <span class="accuracy-chart__key accuracy-chart__key--bar" aria-hidden="true" /> Hit@3 (left axis){' '}
        <span class="accuracy-chart__key accuracy-chart__key--line" aria-hidden="true" /> MRR (right axis)
      </figcaption>
      <table class="visually-hidden">
        <caption>Suggestion accuracy by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Problems</th>
            <th scope="col">Hit@3</th>
            <th scope="col">MRR</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{monthLabel(m.month)}</th>
              <td>{m.problems}</td>
              <td>{percent(m.hit_at_3)}</td>
              <td>{mrrText(m.mrr)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

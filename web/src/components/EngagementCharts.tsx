// The pictures of the engagement page, drawn by Observable Plot (./plot): people reached vs people
// who connected, for posts, problems, ideas and proposals (a pair of bars for each, each pair on
// its own scale, since a post reaches hundreds where a problem reaches a space), and conversations
// vs broadcasts per unit (one bar a unit, as shares of its posts). Each is one image to assistive
// technology, named by a summary; the reach figures follow in a table every reader sees, the units'
// in a visually hidden one.

import { useMemo } from 'preact/hooks';
import type { AnalyticsEngagement, ConversationUnit, ReachFigure } from '../api/types';
import { percent, shortLabel, usePlot } from './plot';

const kKinds = [
  { key: 'posts', label: 'Posts' },
  { key: 'problems', label: 'Problems' },
  { key: 'ideas', label: 'Ideas' },
  { key: 'proposals', label: 'Proposals' },
] as const;

type Reach = AnalyticsEngagement['reach'];

interface ReachBar {
  measure: 'Reached' | 'Connected';
  count: number;
}

const count = (n: number | null) => (n === null ? '—' : n.toLocaleString());

/** An axis tick: 800, 1.5k, 12k. */
function shortCount(n: number): string {
  if (!Number.isInteger(n)) return '';
  return n >= 1000 ? `${Number((n / 1000).toFixed(1))}k` : String(n);
}

function describeReach(label: string, figure: ReachFigure): string {
  if (figure.items === 0) return `${label}: none`;
  return `${label}: ${figure.reached.toLocaleString()} reached, ${figure.connected.toLocaleString()} connected (${percent(figure.connection_rate)})`;
}

export function ReachChart({ reach }: { reach: Reach }) {
  const { box, failed } = usePlot(
    (Plot, width) => {
      const columns = width >= 520 ? 2 : 1;
      const each = Math.floor((width - (columns - 1) * 24) / columns);
      const grid = document.createElement('div');
      grid.className = columns === 2 ? 'reach-chart__grid reach-chart__grid--two' : 'reach-chart__grid';
      for (const { key, label } of kKinds) {
        const figure = reach[key];
        const bars: ReachBar[] = [
          { measure: 'Reached', count: figure.reached },
          { measure: 'Connected', count: figure.connected },
        ];
        const most = Math.max(1, figure.reached, figure.connected);
        const cell = document.createElement('div');
        cell.className = 'reach-chart__kind';
        const name = document.createElement('p');
        name.className = 'reach-chart__name';
        name.textContent = `${label} · ${figure.items.toLocaleString()} ${figure.items === 1 ? 'item' : 'items'}`;
        if (figure.items === 0) {
          const none = document.createElement('p');
          none.className = 'reach-chart__none';
          none.textContent = 'None in the period.';
          cell.append(name, none);
          grid.append(cell);
          continue;
        }
        cell.append(
          name,
          Plot.plot({
            width: each,
            height: 2 * 28 + 34,
            marginLeft: 80,
            marginRight: 56,
            style: { fontSize: '12px', background: 'transparent', overflow: 'visible' },
            y: { domain: ['Reached', 'Connected'], label: null, tickSize: 0 },
            x: { domain: [0, most], label: 'People', grid: true, ticks: Math.min(most, 4), tickFormat: shortCount },
            color: { domain: ['Reached', 'Connected'], range: ['var(--neutral)', 'var(--accent)'] },
            marks: [
              Plot.barX(bars, { x: 'count', y: 'measure', fill: 'measure', rx: 3 }),
              Plot.text(bars, {
                x: 'count',
                y: 'measure',
                text: (bar: ReachBar) => bar.count.toLocaleString(),
                dx: 6,
                textAnchor: 'start',
              }),
              Plot.ruleX([0]),
            ],
          }),
        );
        grid.append(cell);
      }
      return grid;
    },
    [reach],
    { maxWidth: 900 },
  );

  const summary = `People reached and people who connected: ${kKinds.map(({ key, label }) => describeReach(label, reach[key])).join('; ')}.`;
  return (
    <figure class="analytics-chart reach-chart">
      <div class="analytics-chart__plot" ref={box} role="img" aria-label={summary} data-testid="reach-chart" />
      {failed && <p class="muted">The chart could not be drawn; the figures are in the table below.</p>}
      <div class="table-scroll">
        <table class="table analytics-table" data-testid="reach-table">
          <caption class="visually-hidden">Reached vs connected</caption>
          <thead>
            <tr>
              <th scope="col">Items</th>
              <th scope="col">Created</th>
              <th scope="col">People reached</th>
              <th scope="col">Connected</th>
              <th scope="col">Connection rate</th>
              <th scope="col">Median reached</th>
              <th scope="col">Median connected</th>
            </tr>
          </thead>
          <tbody>
            {kKinds.map(({ key, label }) => {
              const figure = reach[key];
              return (
                <tr key={key} data-kind={key}>
                  <th scope="row">{label}</th>
                  <td>{figure.items.toLocaleString()}</td>
                  <td>{figure.reached.toLocaleString()}</td>
                  <td>{figure.connected.toLocaleString()}</td>
                  <td data-testid={`connection-rate-${key}`}>{percent(figure.connection_rate)}</td>
                  <td>{count(figure.median_reached)}</td>
                  <td>{count(figure.median_connected)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

interface ConversationBar {
  unit: string;
  kind: 'Conversations' | 'Broadcasts';
  count: number;
}

function describeUnit(unit: ConversationUnit): string {
  return `${unit.unit.name}: ${percent(unit.share)} of ${unit.posts.toLocaleString()} ${unit.posts === 1 ? 'post' : 'posts'}`;
}

export function ConversationBars({ units }: { units: ConversationUnit[] }) {
  const shown = useMemo(() => units.filter((u) => u.posts > 0), [units]);
  const bars = useMemo(
    () =>
      shown.flatMap((u): ConversationBar[] => [
        { unit: u.unit.id, kind: 'Conversations', count: u.conversations },
        { unit: u.unit.id, kind: 'Broadcasts', count: u.broadcasts },
      ]),
    [shown],
  );
  const { box, failed } = usePlot(
    (Plot, width) => {
      const names = new Map(shown.map((u) => [u.unit.id, u.unit.name]));
      const marginLeft = Math.min(150, Math.max(80, Math.round(width * 0.3)));
      const label = (id: string) => shortLabel(names.get(id) ?? id, Math.floor((marginLeft - 8) / 6.6));
      return Plot.plot({
        width,
        height: 16 + shown.length * 26 + 34,
        marginLeft,
        marginRight: 48,
        marginTop: 16,
        style: { fontSize: '12px', background: 'transparent', overflow: 'visible' },
        y: { domain: shown.map((u) => u.unit.id), tickFormat: label, label: null, tickSize: 0 },
        x: { domain: [0, 100], percent: true, label: 'Share of the unit’s posts (%)', ticks: 5 },
        color: { domain: ['Conversations', 'Broadcasts'], range: ['var(--accent)', 'var(--border)'] },
        marks: [
          Plot.barX(bars, { x: 'count', y: 'unit', fill: 'kind', offset: 'normalize', order: ['Conversations', 'Broadcasts'] }),
          Plot.text(shown, {
            x: 1,
            y: (u: ConversationUnit) => u.unit.id,
            text: (u: ConversationUnit) => percent(u.share),
            dx: 6,
            textAnchor: 'start',
          }),
        ],
      });
    },
    [shown, bars],
    { maxWidth: 720 },
  );

  if (shown.length === 0) return null;
  const summary = `Share of posts that became conversations, by the author's unit: ${shown.map(describeUnit).join('; ')}.`;
  return (
    <figure class="analytics-chart">
      <p class="conversation-legend muted" aria-hidden="true">
        <span class="conversation-legend__swatch conversation-legend__swatch--conversation" /> Conversations
        <span class="conversation-legend__swatch conversation-legend__swatch--broadcast" /> Broadcasts
      </p>
      <div class="analytics-chart__plot" ref={box} role="img" aria-label={summary} data-testid="conversation-units" />
      {failed && <p class="muted">The chart could not be drawn; the figures are below.</p>}
      <div class={failed ? 'table-scroll' : 'visually-hidden'}>
        <table class="table analytics-table">
          <caption>Conversations by unit</caption>
          <thead>
            <tr>
              <th scope="col">Unit</th>
              <th scope="col">Posts</th>
              <th scope="col">Conversations</th>
              <th scope="col">Broadcasts</th>
              <th scope="col">Conversation share</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr key={u.unit.id}>
                <th scope="row">{u.unit.name}</th>
                <td>{u.posts.toLocaleString()}</td>
                <td>{u.conversations.toLocaleString()}</td>
                <td>{u.broadcasts.toLocaleString()}</td>
                <td>{percent(u.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

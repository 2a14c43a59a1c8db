// The pictures of the network page: the unit × unit heat map and the cross-unit share by week,
// drawn by Observable Plot (./plot), and the units as a network, a plain SVG with the units on a
// circle. Each is one image to assistive technology, named by a summary of what it shows; the
// figures behind it follow as a table (the heat map's and the picture's can be opened, being long;
// the trend's is visually hidden, as on the outcomes page).

import { useMemo } from 'preact/hooks';
import type { NetworkCell, NetworkTrendPoint, UnitRef } from '../api/types';
import { formatDateTime } from './DateTime';
import { percent, shortLabel, usePlot } from './plot';
import { unitColour } from './unitColour';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

interface UnitMatrixProps {
  units: UnitRef[];
  matrix: NetworkCell[];
}

function namesOf(units: UnitRef[]): Map<string, string> {
  return new Map(units.map((unit) => [unit.id, unit.name]));
}

// ---- The heat map ----

interface HeatCell {
  from: string;
  to: string;
  interactions: number;
  solutions: number;
}

const kMinCell = 14;
const kMaxCell = 36;

/** "Sales → Ops: 12 interactions, 2 solutions". */
function describeCell(cell: HeatCell, names: Map<string, string>): string {
  const solutions = cell.solutions > 0 ? `, ${plural(cell.solutions, 'solution', 'solutions')}` : '';
  return `${names.get(cell.from) ?? cell.from} → ${names.get(cell.to) ?? cell.to}: ${plural(cell.interactions, 'interaction', 'interactions')}${solutions}`;
}

export function UnitHeatMap({ units, matrix }: UnitMatrixProps) {
  const names = useMemo(() => namesOf(units), [units]);
  const { cells, filled, most } = useMemo(() => {
    const known = new Map(matrix.map((c) => [`${c.from_unit_id}>${c.to_unit_id}`, c]));
    const all: HeatCell[] = units.flatMap((from) =>
      units.map((to) => {
        const found = known.get(`${from.id}>${to.id}`);
        return { from: from.id, to: to.id, interactions: found?.interactions ?? 0, solutions: found?.solutions ?? 0 };
      }),
    );
    const some = all.filter((c) => c.interactions > 0).sort((a, b) => b.interactions - a.interactions);
    return { cells: all, filled: some, most: Math.max(1, ...some.map((c) => c.interactions)) };
  }, [units, matrix]);

  const { box, failed } = usePlot(
    (Plot, width) => {
      const ids = units.map((unit) => unit.id);
      const marginLeft = Math.min(150, Math.max(80, Math.round(width * 0.32)));
      const labelChars = Math.max(8, Math.floor((marginLeft - 10) / 6.6));
      const label = (id: string) => shortLabel(names.get(id) ?? id, labelChars);
      const longest = Math.max(...ids.map((id) => label(id).length));
      const marginTop = Math.min(140, Math.max(40, Math.round(longest * 6.6) + 12));
      const size = Math.max(kMinCell, Math.min(kMaxCell, Math.floor((width - marginLeft - 8) / Math.max(1, ids.length))));
      // Light cells take dark figures, dark cells light ones.
      const ink = (cell: HeatCell) => (Math.sqrt(cell.interactions / most) > 0.55 ? '#ffffff' : '#10121a');
      return Plot.plot({
        width: marginLeft + size * ids.length + 8,
        height: marginTop + size * ids.length + 8,
        marginLeft,
        marginTop,
        marginRight: 8,
        marginBottom: 8,
        style: { fontSize: '11px', background: 'transparent' },
        x: { domain: ids, axis: 'top', tickRotate: -90, tickFormat: label, tickSize: 0, label: null },
        y: { domain: ids, tickFormat: label, tickSize: 0, label: null },
        color: { type: 'sqrt', domain: [0, most], range: ['#cfe0f5', '#0b3a8c'] },
        marks: [
          Plot.cell(cells, { x: 'to', y: 'from', fill: 'var(--surface-2)', inset: 0.5 }),
          Plot.cell(filled, {
            x: 'to',
            y: 'from',
            fill: 'interactions',
            inset: 0.5,
            title: (cell: HeatCell) => describeCell(cell, names),
          }),
          size >= 22
            ? Plot.text(filled, {
                x: 'to',
                y: 'from',
                text: (cell: HeatCell) => String(cell.interactions),
                fill: ink,
                fontSize: 10,
              })
            : null,
        ],
      });
    },
    [cells, filled, most, names],
    { maxWidth: 1000 },
  );

  const top = filled.slice(0, 5).map((cell) => describeCell(cell, names));
  const summary =
    filled.length === 0
      ? `Interactions between units: none among ${plural(units.length, 'unit', 'units')}.`
      : `Interactions between units, from the row's unit to the column's, among ${plural(units.length, 'unit', 'units')}. ` +
        `Most: ${top.join('; ')}.`;
  return (
    <figure class="analytics-chart heat-map">
      <div class="heat-map__scroll">
        <div class="analytics-chart__plot" ref={box} role="img" aria-label={summary} data-testid="unit-heat-map" />
      </div>
      {failed && <p class="muted">The heat map could not be drawn; the figures are in the table below.</p>}
      <figcaption class="muted">
        Rows: the unit whose people acted; columns: the unit whose people's posts or work they acted on. Deeper blue is
        more.
      </figcaption>
      <details class="analytics-chart__details" open={failed}>
        <summary>The figures as a table</summary>
        <div class="table-scroll">
          <table class="table analytics-table" data-testid="unit-matrix-table">
            <caption class="visually-hidden">Interactions between units</caption>
            <thead>
              <tr>
                <th scope="col">From unit</th>
                <th scope="col">To unit</th>
                <th scope="col">Interactions</th>
                <th scope="col">Solutions</th>
              </tr>
            </thead>
            <tbody>
              {filled.map((cell) => (
                <tr key={`${cell.from}>${cell.to}`}>
                  <td>{names.get(cell.from) ?? cell.from}</td>
                  <td>{names.get(cell.to) ?? cell.to}</td>
                  <td>{cell.interactions.toLocaleString()}</td>
                  <td>{cell.solutions.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

// ---- The units as a network ----

interface UnitLink {
  a: string;
  b: string;
  interactions: number;
}

const kPicture = { width: 640, height: 560, radius: 190, maxNode: 18, minNode: 5 };

/** Interactions between two different units, both directions summed, strongest first. */
function linksOf(matrix: NetworkCell[]): UnitLink[] {
  const pairs = new Map<string, UnitLink>();
  for (const cell of matrix) {
    if (cell.from_unit_id === cell.to_unit_id || cell.interactions === 0) continue;
    const [a, b] = [cell.from_unit_id, cell.to_unit_id].sort();
    const key = `${a}|${b}`;
    const link = pairs.get(key) ?? { a: a!, b: b!, interactions: 0 };
    link.interactions += cell.interactions;
    pairs.set(key, link);
  }
  return [...pairs.values()].sort((x, y) => y.interactions - x.interactions);
}

export function UnitsPicture({ units, matrix }: UnitMatrixProps) {
  const names = useMemo(() => namesOf(units), [units]);
  const links = useMemo(() => linksOf(matrix), [matrix]);
  const inside = useMemo(
    () => new Map(matrix.filter((c) => c.from_unit_id === c.to_unit_id).map((c) => [c.from_unit_id, c.interactions])),
    [matrix],
  );
  const { width, height, radius, maxNode, minNode } = kPicture;
  const cx = width / 2;
  const cy = height / 2;
  const place = new Map(
    units.map((unit, i) => {
      const angle = units.length === 1 ? -Math.PI / 2 : -Math.PI / 2 + (2 * Math.PI * i) / units.length;
      const r = units.length === 1 ? 0 : radius;
      return [unit.id, { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle), angle }];
    }),
  );
  const mostPeople = Math.max(1, ...units.map((u) => u.people));
  const mostLink = Math.max(1, ...links.map((l) => l.interactions));
  const nodeRadius = (unit: UnitRef) => minNode + (maxNode - minNode) * Math.sqrt(unit.people / mostPeople);
  const linkName = (link: UnitLink) =>
    `${names.get(link.a) ?? link.a} – ${names.get(link.b) ?? link.b}: ${plural(link.interactions, 'interaction', 'interactions')}`;

  const summary =
    `Units as a network: ${plural(units.length, 'unit', 'units')}, ${plural(links.length, 'link', 'links')} between them` +
    (links.length ? `. Strongest: ${links.slice(0, 5).map(linkName).join('; ')}.` : '.');
  return (
    <figure class="analytics-chart units-picture">
      <svg
        class="units-picture__svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={summary}
        data-testid="units-picture"
      >
        <g class="units-picture__links">
          {[...links].reverse().map((link) => {
            const a = place.get(link.a);
            const b = place.get(link.b);
            if (!a || !b) return null;
            return (
              <line
                key={`${link.a}|${link.b}`}
                class="units-picture__link"
                x1={a.x}
                y1={a.y}
                x2={b.x}
                y2={b.y}
                stroke-width={1 + 9 * Math.sqrt(link.interactions / mostLink)}
              >
                <title>{linkName(link)}</title>
              </line>
            );
          })}
        </g>
        <g class="units-picture__nodes">
          {units.map((unit) => {
            const at = place.get(unit.id)!;
            const r = nodeRadius(unit);
            const cos = Math.cos(at.angle);
            const sin = Math.sin(at.angle);
            const away = r + 6;
            const anchor = units.length === 1 ? 'middle' : cos > 0.25 ? 'start' : cos < -0.25 ? 'end' : 'middle';
            const dy = units.length === 1 ? r + 14 : sin > 0.6 ? 12 : sin < -0.6 ? -4 : 4;
            return (
              <g key={unit.id} class="units-picture__node" data-unit-id={unit.id}>
                <circle cx={at.x} cy={at.y} r={r} fill={unitColour(unit.id)}>
                  <title>
                    {`${unit.name}: ${plural(unit.people, 'person', 'people')}, ${plural(inside.get(unit.id) ?? 0, 'interaction', 'interactions')} inside`}
                  </title>
                </circle>
                <text
                  x={units.length === 1 ? at.x : at.x + away * cos}
                  y={units.length === 1 ? at.y : at.y + away * sin}
                  dy={dy}
                  text-anchor={anchor}
                  class="units-picture__label"
                >
                  {shortLabel(unit.name, 16)}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
      <figcaption class="muted">
        A circle for each unit, larger for more people; a line between two units whose people interacted, thicker for
        more (both directions together).
      </figcaption>
      <details class="analytics-chart__details">
        <summary>The links as a table</summary>
        <div class="table-scroll">
          <table class="table analytics-table" data-testid="units-links-table">
            <caption class="visually-hidden">Links between units</caption>
            <thead>
              <tr>
                <th scope="col">Units</th>
                <th scope="col">Interactions, both directions</th>
              </tr>
            </thead>
            <tbody>
              {links.map((link) => (
                <tr key={`${link.a}|${link.b}`}>
                  <td>
                    {names.get(link.a) ?? link.a} – {names.get(link.b) ?? link.b}
                  </td>
                  <td>{link.interactions.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

// ---- Cross-unit share by week ----

const kShortDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function weekLabel(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : kShortDate.format(date);
}

export function ShareTrend({ trend }: { trend: NetworkTrendPoint[] }) {
  // All time is cut into twelve long stretches: the empty ones before anything happened are left out.
  const points = useMemo(() => {
    const first = trend.findIndex((p) => p.interactions > 0);
    return (first < 0 ? [] : trend.slice(first)).map((p) => ({
      ...p,
      label: weekLabel(p.from),
      value: p.cross_unit_share === null ? 0 : Math.round(p.cross_unit_share * 100),
    }));
  }, [trend]);
  type Point = (typeof points)[number];

  const { box, failed } = usePlot(
    (Plot, width) =>
      Plot.plot({
        width,
        height: 30 + points.length * 28 + 32,
        marginLeft: 96,
        marginRight: 84,
        style: { fontSize: '12px', background: 'transparent', overflow: 'visible' },
        y: { domain: points.map((p) => p.label), label: null, tickSize: 0 },
        x: { domain: [0, 100], label: 'Across units (%)', grid: true, ticks: 5 },
        marks: [
          Plot.barX(points, { x: 'value', y: 'label', fill: 'var(--accent)', rx: 3 }),
          Plot.text(points, {
            x: 'value',
            y: 'label',
            text: (p: Point) =>
              p.cross_unit_share === null ? 'none' : `${p.value}% of ${p.interactions.toLocaleString()}`,
            dx: 6,
            textAnchor: 'start',
          }),
          Plot.ruleX([0]),
        ],
      }),
    [points],
  );

  if (points.length === 0) return <p class="muted">No interactions between people with a unit in this period.</p>;
  const summary = `Cross-unit share over time: ${points
    .map((p) => `from ${p.label}, ${percent(p.cross_unit_share)} of ${plural(p.interactions, 'interaction', 'interactions')}`)
    .join('; ')}.`;
  return (
    <figure class="analytics-chart">
      <div class="analytics-chart__plot" ref={box} role="img" aria-label={summary} data-testid="share-trend" />
      {failed && <p class="muted">The chart could not be drawn; the figures are below.</p>}
      <div class={failed ? 'table-scroll' : 'visually-hidden'}>
        <table class="table analytics-table">
          <caption>Cross-unit share over time</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Interactions</th>
              <th scope="col">Across units</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.from}>
                <th scope="row">
                  <time dateTime={p.from} title={formatDateTime(p.from)}>
                    {p.label}
                  </time>
                </th>
                <td>{p.interactions.toLocaleString()}</td>
                <td>{percent(p.cross_unit_share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

// A bar chart of named counts on the outcomes dashboard (unsolved problems by age, ideas by
// stage), drawn by Observable Plot (./plot: loaded on first use, so only the dashboard pays for it,
// and redrawn at the container's width, so the chart shrinks on a phone). To assistive technology
// the chart is one image named by a summary; the same counts follow in a visually hidden table.

import { usePlot } from './plot';

export interface Bar {
  label: string;
  count: number;
}

const kBarHeight = 30;

/** "Under review: 2, Accepted: 0". */
export function describeBars(bars: Bar[]): string {
  return bars.map((bar) => `${bar.label}: ${bar.count}`).join(', ');
}

interface OutcomeBarsProps {
  /** The chart's name, e.g. "Unsolved problems by age". */
  title: string;
  /** What is counted, for the axis and the table, e.g. "Problems". */
  unit: string;
  /** What the bars are, for the table's first column, e.g. "Age". */
  group: string;
  bars: Bar[];
  testId?: string;
}

export function OutcomeBars({ title, unit, group, bars, testId }: OutcomeBarsProps) {
  const { box, failed } = usePlot(
    (Plot, width) => {
      const labels = bars.map((bar) => bar.label);
      const most = Math.max(1, ...bars.map((bar) => bar.count));
      return Plot.plot({
        width,
        height: 24 + bars.length * kBarHeight + 32,
        marginLeft: 104,
        marginRight: 32,
        style: { fontSize: '13px', background: 'transparent', overflow: 'visible' },
        y: { domain: labels, label: null, tickSize: 0 },
        x: { label: unit, grid: true, domain: [0, most], ticks: Math.min(most, 5), tickFormat: 'd' },
        marks: [
          Plot.barX(bars, { x: 'count', y: 'label', fill: 'var(--accent)', rx: 3 }),
          Plot.text(bars, { x: 'count', y: 'label', text: (bar: Bar) => String(bar.count), dx: 6, textAnchor: 'start' }),
          Plot.ruleX([0]),
        ],
      });
    },
    [bars, unit],
  );

  const label = `${title}: ${describeBars(bars)}.`;
  return (
    <figure class="outcome-chart">
      <div class="outcome-chart__plot" ref={box} role="img" aria-label={label} data-testid={testId} />
      {failed && <p class="muted">The chart could not be drawn; the counts are below.</p>}
      <table class={failed ? 'table outcome-chart__table' : 'visually-hidden'}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{group}</th>
            <th scope="col">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row">{bar.label}</th>
              <td>{bar.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

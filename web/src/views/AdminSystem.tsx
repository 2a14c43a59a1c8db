// For administrators: the store Weft runs on, how many nodes serve from it, and each view derived
// from the activity log — whether this node works it, its checkpoint, and how far it lags behind
// the log, drawn as bars (an idle system has none). Refreshes every few seconds.

import { useEffect } from 'preact/hooks';
import { system } from '../api/endpoints';
import type { SystemStatus, SystemView } from '../api/types';
import { AdminLinks } from '../components/AdminLinks';
import { Alert } from '../components/Alert';
import { useItem } from '../components/useItem';
import { useMe } from '../state/session';

const kRefreshMs = 5000;
const kStoreNames: Record<SystemStatus['store'], string> = { sqlite: 'SQLite (embedded)', postgres: 'PostgreSQL' };
const kViewNames: Record<string, string> = {
  notifications: 'Notifications',
  timelines: 'Home timelines',
  search: 'Search index',
  realtime: 'Live updates',
  deadlines: 'Proposal deadlines',
};

function LagChart({ views }: { views: SystemView[] }) {
  const worst = Math.max(1, ...views.map((v) => v.lag));
  const rowHeight = 28;
  const labelWidth = 150;
  const width = 520;
  const barSpace = width - labelWidth - 90;
  return (
    <figure class="card lag-chart">
      <svg role="img" aria-labelledby="lag-chart-title" width="100%" viewBox={`0 0 ${width} ${views.length * rowHeight + 8}`}>
        <title id="lag-chart-title">
          {views.map((v) => `${kViewNames[v.name] ?? v.name}: ${v.lag} events behind`).join('; ')}
        </title>
        {views.map((view, i) => {
          const y = i * rowHeight + 4;
          const bar = view.lag === 0 ? 0 : Math.max(2, Math.round((view.lag / worst) * barSpace));
          return (
            <g key={view.name}>
              <text x={0} y={y + 17} class="chart__label">{kViewNames[view.name] ?? view.name}</text>
              <rect x={labelWidth} y={y + 4} width={bar} height={rowHeight - 10} rx={3}
                class={view.lag > 0 ? 'chart__bar chart__bar--warn' : 'chart__bar'} />
              <text x={labelWidth + bar + 6} y={y + 17} class="chart__value">
                {view.lag === 0 ? 'up to date' : `${view.lag} behind`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="muted">Events each view has yet to handle (the activity log is at the newest event).</figcaption>
    </figure>
  );
}

export function AdminSystem() {
  const me = useMe();
  const status = useItem((signal) => system.status(signal), [], { enabled: me.role === 'admin' });
  useEffect(() => {
    if (me.role !== 'admin') return undefined;
    const timer = window.setInterval(() => void status.reload(), kRefreshMs);
    return () => window.clearInterval(timer);
  }, [me.role]);
  if (me.role !== 'admin') {
    return (
      <section class="empty-state">
        <h1>Administrators only</h1>
        <p>You need the administrator role to see the system's status.</p>
      </section>
    );
  }
  const data = status.data;
  return (
    <section class="page">
      <header class="page__header">
        <h1>System</h1>
        <AdminLinks />
      </header>
      {status.error && <Alert>{status.error}</Alert>}
      {data && (
        <>
          <dl class="card facts" aria-label="Store">
            <dt>Store</dt>
            <dd data-testid="system-store">{kStoreNames[data.store] ?? data.store}</dd>
            <dt>Nodes serving</dt>
            <dd data-testid="system-nodes">{data.nodes}</dd>
            <dt>Newest event</dt>
            <dd>{data.last_event_id}</dd>
          </dl>
          <LagChart views={data.views} />
          {/* On a phone the table scrolls inside its box (reachable by keyboard), not the page. */}
          <div class="card table-scroll system-views" role="region" aria-label="Views derived from the activity log" tabIndex={0}>
            <table class="table" aria-label="Views derived from the activity log">
              <thead>
                <tr><th scope="col">View</th><th scope="col">Kind</th><th scope="col">Worked by</th>
                  <th scope="col">Checkpoint</th><th scope="col">Behind</th><th scope="col">Failures</th></tr>
              </thead>
              <tbody>
                {data.views.map((view) => (
                  <tr key={view.name} data-view={view.name}>
                    <th scope="row">{kViewNames[view.name] ?? view.name}</th>
                    <td>{view.durable ? 'stored, rebuildable' : 'live'}</td>
                    <td>{view.worked_here ? 'this node' : 'another node'}</td>
                    <td>{view.checkpoint}</td>
                    <td>{view.lag}</td>
                    <td>{view.failures}{view.retrying ? ' (retrying)' : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

// The reshare cascade of a post: the tree of reshares drawn as an SVG (people as nodes coloured by
// unit, edges from each post to its reshares, one row per depth), its figures, and the same tree
// as a nested list of links for keyboard and screen-reader users.

import { posts as postsApi } from '../api/endpoints';
import type { CascadeNode } from '../api/types';
import { initials } from '../components/Avatar';
import { LoadError, Skeleton } from '../components/LoadState';
import { unitColour } from '../components/unitColour';
import { useItem } from '../components/useItem';
import { Link } from '../state/router';
import { useUnits } from '../state/units';
import { NotFound } from './NotFound';

const kColumn = 132;
const kRow = 110;
const kRadius = 20;
const kMargin = { top: 34, left: 70, right: 24, bottom: 44 };

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

interface Placed {
  node: CascadeNode;
  x: number;
  y: number;
  children: Placed[];
}

/** A tidy layout: leaves take consecutive columns, parents sit over the middle of their children. */
function layout(nodes: CascadeNode[]): { roots: Placed[]; all: Placed[]; columns: number; levels: number } {
  const byId = new Map<string, Placed>();
  for (const node of nodes) byId.set(node.post_id, { node, x: 0, y: 0, children: [] });
  const roots: Placed[] = [];
  for (const placed of byId.values()) {
    const parent = placed.node.parent ? byId.get(placed.node.parent) : undefined;
    if (parent) parent.children.push(placed);
    else roots.push(placed);
  }
  let column = 0;
  let levels = 0;
  const visit = (placed: Placed, depth: number, seen: Set<string>) => {
    seen.add(placed.node.post_id);
    levels = Math.max(levels, depth + 1);
    placed.y = depth;
    const children = placed.children.filter((c) => !seen.has(c.node.post_id));
    placed.children = children;
    if (children.length === 0) {
      placed.x = column++;
      return;
    }
    for (const child of children) visit(child, depth + 1, seen);
    placed.x = (children[0]!.x + children[children.length - 1]!.x) / 2;
  };
  const seen = new Set<string>();
  for (const root of roots) visit(root, 0, seen);
  return { roots, all: [...byId.values()].filter((p) => seen.has(p.node.post_id)), columns: Math.max(column, 1), levels };
}

function TreeList({ items, unitName }: { items: Placed[]; unitName: (id: string | null) => string | null }) {
  if (items.length === 0) return null;
  return (
    <ul class="cascade-list">
      {items.map((item) => {
        const unit = unitName(item.node.unit_id);
        return (
          <li key={item.node.post_id}>
            <Link href={`/posts/${encodeURIComponent(item.node.post_id)}`}>{item.node.person.name}</Link>
            {unit && <span class="muted"> · {unit}</span>}
            <span class="muted"> · depth {item.node.depth}</span>
            <TreeList items={item.children} unitName={unitName} />
          </li>
        );
      })}
    </ul>
  );
}

export function Cascade({ postId }: { postId: string }) {
  const { byId: units } = useUnits();
  const { data, missing, error, retry } = useItem((signal) => postsApi.cascade(postId, signal), [postId], {
    clearOnChange: true,
  });

  if (missing) return <NotFound what="post" />;
  if (error) return <LoadError error={error} onRetry={retry} />;
  if (!data) return <Skeleton label="Loading the cascade…" kind="page" />;

  const unitName = (id: string | null) => (id ? (units.get(id)?.name ?? null) : null);
  const { roots, all, columns, levels } = layout(data.nodes);
  const width = kMargin.left + columns * kColumn + kMargin.right;
  const height = kMargin.top + Math.max(levels - 1, 0) * kRow + kMargin.bottom + kRadius;
  const px = (p: Placed) => kMargin.left + p.x * kColumn + kColumn / 2;
  const py = (p: Placed) => kMargin.top + p.y * kRow;
  const rootNode = data.nodes.find((n) => n.post_id === data.root);
  const summary = `Reshare tree of ${rootNode ? `${rootNode.person.name}’s post` : 'a post'}: ${data.nodes.length} ${
    data.nodes.length === 1 ? 'post' : 'posts'
  }, ${levels} ${levels === 1 ? 'level' : 'levels'}.`;

  const figures: Array<[string, number, string]> = [
    ['Depth', data.depth, 'depth'],
    ['Breadth', data.breadth, 'breadth'],
    ['People reached', data.people_reached, 'people_reached'],
    ['Units reached', data.units_reached, 'units_reached'],
  ];

  return (
    <section class="page cascade">
      <header class="page__header">
        <h1>Reshare cascade</h1>
        <Link href={`/posts/${encodeURIComponent(data.root)}`}>Open the original post</Link>
      </header>
      <dl class="figures" aria-label="Cascade figures">
        {figures.map(([label, value, key]) => (
          <div class="figure" key={key}>
            <dt>{label}</dt>
            <dd data-figure={key}>{value}</dd>
          </div>
        ))}
      </dl>
      <section class="card" aria-labelledby="cascade-tree-heading">
        <h2 id="cascade-tree-heading">Tree</h2>
        <p class="muted">Each circle is a person who posted or reshared; lines go from a post to its reshares.</p>
        <div class="cascade__scroll">
          <svg
            class="cascade__svg"
            role="img"
            aria-label={summary}
            width={width}
            height={height}
            viewBox={`0 0 ${width} ${height}`}
          >
            {Array.from({ length: levels }, (_, depth) => (
              <g class="cascade__level" key={`level-${depth}`}>
                <line x1={0} x2={width} y1={kMargin.top + depth * kRow} y2={kMargin.top + depth * kRow} />
                <text x={6} y={kMargin.top + depth * kRow - kRadius - 4}>
                  depth {depth}
                </text>
              </g>
            ))}
            {all.flatMap((parent) =>
              parent.children.map((child) => {
                const x1 = px(parent);
                // Below the parent's name and unit labels.
                const y1 = py(parent) + kRadius + 38;
                const x2 = px(child);
                const y2 = py(child) - kRadius;
                const mid = (y1 + y2) / 2;
                return (
                  <path
                    key={`${parent.node.post_id}-${child.node.post_id}`}
                    class="cascade__edge"
                    d={`M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2}`}
                  />
                );
              }),
            )}
            {all.map((placed) => {
              const unit = unitName(placed.node.unit_id);
              const colour = unitColour(placed.node.unit_id);
              return (
                <g
                  key={placed.node.post_id}
                  class="cascade-node"
                  data-post-id={placed.node.post_id}
                  transform={`translate(${px(placed)},${py(placed)})`}
                >
                  <circle r={kRadius} style={{ fill: colour }} class={placed.node.post_id === data.root ? 'cascade-node--root' : undefined} />
                  <text class="cascade-node__initials" dy="0.35em">
                    {initials(placed.node.person.name)}
                  </text>
                  <text class="cascade-node__name" y={kRadius + 15}>
                    {shorten(placed.node.person.name, 18)}
                  </text>
                  {unit && (
                    <text class="cascade-node__unit" y={kRadius + 30}>
                      {shorten(unit, 20)}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
        </div>
      </section>
      <section class="card" aria-labelledby="cascade-list-heading">
        <h2 id="cascade-list-heading">As a list</h2>
        <TreeList items={roots} unitName={unitName} />
      </section>
    </section>
  );
}

// The organization's units, loaded once per sign-in and shared by every view that names a unit.
// Admin edits call reloadUnits() so every subscriber sees the change.

import { useEffect, useState } from 'preact/hooks';
import { units as unitsApi } from '../api/endpoints';
import type { Unit } from '../api/types';

export interface UnitsState {
  units: Unit[];
  byId: Map<string, Unit>;
  loaded: boolean;
  error: string | null;
}

let state: UnitsState = { units: [], byId: new Map(), loaded: false, error: null };
let inFlight: Promise<void> | null = null;
const listeners = new Set<(next: UnitsState) => void>();

function publish(next: UnitsState): void {
  state = next;
  for (const listener of listeners) listener(state);
}

export function reloadUnits(): Promise<void> {
  inFlight = unitsApi
    .list()
    .then((page) => {
      const sorted = [...page.items].sort((a, b) => a.name.localeCompare(b.name));
      publish({ units: sorted, byId: new Map(sorted.map((u) => [u.id, u])), loaded: true, error: null });
    })
    .catch(() => {
      publish({ ...state, loaded: true, error: 'Units could not be loaded.' });
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

export function forgetUnits(): void {
  publish({ units: [], byId: new Map(), loaded: false, error: null });
}

export function useUnits(): UnitsState {
  const [snapshot, setSnapshot] = useState(state);
  useEffect(() => {
    listeners.add(setSnapshot);
    setSnapshot(state);
    if (!state.loaded && !inFlight) void reloadUnits();
    return () => {
      listeners.delete(setSnapshot);
    };
  }, []);
  return snapshot;
}

/** Units ordered as a tree (parents before children), each with its depth, for selects and trees. */
export function unitTree(units: Unit[]): Array<{ unit: Unit; depth: number }> {
  const children = new Map<string | null, Unit[]>();
  const known = new Set(units.map((u) => u.id));
  for (const unit of units) {
    const parent = unit.parent_id && known.has(unit.parent_id) ? unit.parent_id : null;
    const list = children.get(parent) ?? [];
    list.push(unit);
    children.set(parent, list);
  }
  const out: Array<{ unit: Unit; depth: number }> = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const unit of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      out.push({ unit, depth });
      walk(unit.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

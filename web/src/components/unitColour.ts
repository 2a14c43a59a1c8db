// A unit's colour, the same wherever units are drawn (a reshare cascade, the units picture of the
// network): a hue from its id.

export function unitHue(seed: string): number {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) >>> 0;
  return hash % 360;
}

export function unitColour(unitId: string | null): string {
  return `hsl(${unitHue(unitId ?? 'none')} 50% 40%)`;
}

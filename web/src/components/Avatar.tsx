// A person's photo when they have one (avatar_url, only on full persons), else initials on a colour
// derived from their id: recognisable without uploaded pictures. A photo that fails to load falls
// back to the initials. The white initials keep at least 4.5:1 contrast on every hue (in both
// palettes: the avatar's colours do not change with the theme): yellows and greens are drawn darker
// than blues and reds.

import { useState } from 'preact/hooks';

/** The drawn size of each avatar size (the stylesheet's; narrow screens may draw them smaller). */
const kPixels = { sm: 28, md: 44, lg: 88 } as const;

function hue(seed: string): number {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) >>> 0;
  return hash % 360;
}

const kSaturation = 0.45;
const kLightest = 38;
const kMinContrast = 4.6; // a little above WCAG's 4.5:1, for rounding in the browser

function channel(value: number): number {
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** White's contrast ratio on hsl(hue 45% lightness%). */
function contrastWithWhite(hueDegrees: number, lightness: number): number {
  const l = lightness / 100;
  const a = kSaturation * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + hueDegrees / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  const luminance = 0.2126 * channel(f(0)) + 0.7152 * channel(f(8)) + 0.0722 * channel(f(4));
  return 1.05 / (luminance + 0.05);
}

const lightnessCache = new Map<number, number>();

/** The lightest background (at most 38%) on which white initials reach 4.5:1 for this hue. */
export function avatarLightness(hueDegrees: number): number {
  let lightness = lightnessCache.get(hueDegrees);
  if (lightness === undefined) {
    lightness = kLightest;
    while (lightness > 20 && contrastWithWhite(hueDegrees, lightness) < kMinContrast) lightness -= 1;
    lightnessCache.set(hueDegrees, lightness);
  }
  return lightness;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/**
 * `labelled`: the avatar stands alone for the person (e.g. the only content of a link to them), so
 * it is a picture named after them; otherwise it is decoration beside their name (a photo gets
 * alt="", initials are hidden from assistive technology).
 * `src`: their photo (a person's avatar_url); null or absent, or failing to load: initials.
 */
export function Avatar({ id, name, size = 'md', labelled = false, src = null }: {
  id: string;
  name: string;
  size?: 'sm' | 'md' | 'lg';
  labelled?: boolean;
  src?: string | null;
}) {
  // The photo that failed to load, so a new URL (a new photo) is tried again.
  const [failed, setFailed] = useState<string | null>(null);
  const h = hue(id);
  const colours = { '--avatar-hue': String(h), '--avatar-lightness': `${avatarLightness(h)}%` };
  if (src && failed !== src) {
    return (
      <img
        class={`avatar avatar--${size} avatar--photo`}
        style={colours}
        src={src}
        alt={labelled ? name : ''}
        width={kPixels[size]}
        height={kPixels[size]}
        decoding="async"
        onError={() => setFailed(src)}
      />
    );
  }
  return (
    <span
      class={`avatar avatar--${size}`}
      style={colours}
      {...(labelled ? { role: 'img', 'aria-label': name } : { 'aria-hidden': 'true' })}
    >
      {initials(name)}
    </span>
  );
}

// Small line icons drawn inline as SVG (no icon font, no emoji font needed). They are decoration:
// hidden from assistive technology, so the button or link around one carries the name.

export type IconName = 'like' | 'celebrate' | 'insightful' | 'support' | 'reply' | 'reshare' | 'link' | 'check' | 'flag';

// 24×24 paths, drawn with a 2px stroke in the current text colour.
const kPaths: Record<IconName, string[]> = {
  // A thumb up: the cuff on the left, the hand to its right.
  like: ['M7 10v10H4V10z', 'M7 10l4-7c1.5 0 2.5 1 2.5 2.5V9h5a2 2 0 0 1 2 2.3l-1.3 7A2 2 0 0 1 17.2 20H7'],
  // A party popper: a cone with sparks flying out of its mouth.
  celebrate: ['M4 20l4-11 7 7z', 'M13 6l1-3', 'M18 11l3-1', 'M16 8l3-3', 'M11 4h.01', 'M20 14h.01'],
  // A light bulb with its base.
  insightful: ['M9 18h6', 'M10 21h4', 'M12 3a6 6 0 0 0-3.5 10.9c.5.4.5 1 .5 1.6V16h6v-.5c0-.6 0-1.2.5-1.6A6 6 0 0 0 12 3z'],
  // A heart.
  support: ['M12 20s-7-4.4-8.6-9A4.6 4.6 0 0 1 12 6.5 4.6 4.6 0 0 1 20.6 11C19 15.6 12 20 12 20z'],
  // A speech bubble.
  reply: ['M4 5h16v11H9l-5 4z'],
  // Two arrows going round.
  reshare: ['M4 11V9a3 3 0 0 1 3-3h12', 'M16 3l3 3-3 3', 'M20 13v2a3 3 0 0 1-3 3H5', 'M8 21l-3-3 3-3'],
  // Two chain links.
  link: ['M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1', 'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1'],
  check: ['M5 12l5 5 9-10'],
  // A flag on its pole.
  flag: ['M5 21V4', 'M5 4h11l-2 4 2 4H5'],
};

export function Icon({ name, class: className }: { name: IconName; class?: string }) {
  return (
    <svg
      class={`icon${className ? ` ${className}` : ''}`}
      viewBox="0 0 24 24"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
      data-icon={name}
    >
      {kPaths[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

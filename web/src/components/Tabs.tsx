// A tab list (WAI-ARIA tabs pattern): one tab stop, arrow keys / Home / End move between tabs and
// select them. The caller renders the panel with TabPanel, which names itself after the tab.

import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabItem<K extends string> {
  key: K;
  label: string;
  /** Shown after the label, e.g. a count. */
  extra?: ComponentChildren;
}

interface TabsProps<K extends string> {
  tabs: ReadonlyArray<TabItem<K>>;
  current: K;
  onChange: (key: K) => void;
  label: string;
  idPrefix: string;
}

export function Tabs<K extends string>({ tabs, current, onChange, label, idPrefix }: TabsProps<K>) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (event: KeyboardEvent, index: number) => {
    let next = index;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else return;
    event.preventDefault();
    onChange(tabs[next]!.key);
    refs.current[next]?.focus();
  };
  return (
    <div class="tabs tabs--scroll" role="tablist" aria-label={label}>
      {tabs.map((tab, index) => (
        <button
          key={tab.key}
          ref={(element) => {
            refs.current[index] = element;
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${tab.key}`}
          aria-selected={current === tab.key}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={current === tab.key ? 0 : -1}
          class={`tabs__tab${current === tab.key ? ' tabs__tab--current' : ''}`}
          onClick={() => onChange(tab.key)}
          onKeyDown={(event) => onKey(event, index)}
        >
          {tab.label}
          {tab.extra}
        </button>
      ))}
    </div>
  );
}

export function TabPanel<K extends string>({
  idPrefix,
  current,
  children,
}: {
  idPrefix: string;
  current: K;
  children: ComponentChildren;
}) {
  return (
    <div id={`${idPrefix}-panel`} role="tabpanel" aria-labelledby={`${idPrefix}-tab-${current}`} class="tab-panel">
      {children}
    </div>
  );
}

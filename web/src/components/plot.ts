// Observable Plot for the analytics charts: loaded on first use (only the dashboard's pages pay for
// it), and drawn at the width of the chart's container, again whenever that width changes, so a
// chart shrinks on a phone. The chart is hidden from assistive technology: its container carries
// the text alternative.

import type { Inputs } from 'preact/hooks';
import { useEffect, useRef, useState } from 'preact/hooks';

export type PlotModule = typeof import('@observablehq/plot');

let plotModule: Promise<PlotModule> | null = null;

export function loadPlot(): Promise<PlotModule> {
  plotModule ??= import('@observablehq/plot').catch((error: unknown) => {
    plotModule = null;
    throw error;
  });
  return plotModule;
}

/** Draws the chart at `width` CSS pixels; returns Plot's element (or one holding several). */
export type DrawChart = (Plot: PlotModule, width: number) => Element;

/**
 * Draws `draw`'s chart into the returned `box` at the box's width, clamped to [minWidth,
 * maxWidth], when Plot has loaded and again when the width or `deps` change. `failed`: Plot could
 * not be loaded or the chart not drawn (show the figures another way).
 */
export function usePlot(draw: DrawChart, deps: Inputs, { minWidth = 240, maxWidth = 560 } = {}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [failed, setFailed] = useState(false);
  const drawRef = useRef(draw);
  drawRef.current = draw;

  // One SVG unit per CSS pixel: the chart is drawn again when its container changes width.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      const next = Math.max(minWidth, Math.min(maxWidth, Math.floor(element.clientWidth)));
      setWidth((previous) => (previous === next ? previous : next));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [minWidth, maxWidth]);

  useEffect(() => {
    const element = box.current;
    if (!element || width === 0) return;
    let cancelled = false;
    let chart: Element | null = null;
    loadPlot().then(
      (Plot) => {
        if (cancelled) return;
        try {
          chart = drawRef.current(Plot, width);
        } catch (error) {
          console.warn('chart not drawn', error);
          setFailed(true);
          return;
        }
        chart.setAttribute('aria-hidden', 'true');
        element.replaceChildren(chart);
        setFailed(false);
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
      chart?.remove();
    };
  }, [width, ...deps]);

  return { box, width, failed };
}

/** A label cut to `max` characters with an ellipsis, for axes. */
export function shortLabel(text: string, max = 18): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A share 0..1 as a whole percentage ("46%"), or "—" when there is none. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

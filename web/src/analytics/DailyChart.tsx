import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import type { Overview } from './types.js';

/**
 * Events and document edits per day, drawn by uPlot. The library (and its stylesheet) are
 * loaded when a dashboard first shows a chart, so they never weigh on a first visit.
 */
export function DailyChart({ daily }: { daily: Overview['daily'] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let chart: uPlot | null = null;
    let cancelled = false;
    // The box's inner width: uPlot draws exactly this wide, so the last day's label is not cut.
    const width = () => {
      const style = getComputedStyle(element);
      return Math.max(0, element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    };
    const observer = new ResizeObserver(() => chart?.setSize({ width: width(), height: 240 }));
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: UPlot }]) => {
      if (cancelled) return;
      const style = getComputedStyle(element);
      const colour = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
      chart = new UPlot(
        {
          width: width(),
          height: 240,
          scales: { x: { time: true } },
          axes: [{ stroke: colour('--muted', '#575d6e') }, { stroke: colour('--muted', '#575d6e') }],
          series: [
            {},
            { label: 'Events', stroke: colour('--accent', '#4f46e5'), width: 2, fill: 'transparent' },
            { label: 'Edits', stroke: colour('--ok', '#15803d'), width: 2, dash: [6, 4] },
          ],
        },
        [daily.map((point) => Date.parse(point.day) / 1000), daily.map((point) => point.events), daily.map((point) => point.edits)],
        element,
      );
      observer.observe(element);
    });
    return () => {
      cancelled = true;
      observer.disconnect();
      chart?.destroy();
    };
  }, [daily]);
  return <div ref={box} className="daily-chart" data-testid="daily-chart" role="img" aria-label={`Events and edits per day over ${daily.length} days`} />;
}

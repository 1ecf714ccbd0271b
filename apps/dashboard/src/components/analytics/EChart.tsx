import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent, LegendPlainComponent, TooltipComponent,
  type GridComponentOption, type LegendComponentOption, type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the pieces the analytics page draws, so the bundle carries no more of ECharts than that.
echarts.use([BarChart, LineChart, GridComponent, LegendPlainComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

interface Props {
  option: ChartOption;
  /** The accessible name: what the chart shows, in words (the same figures are in the table beside it). */
  label: string;
  height: number;
  name: string;
}

/** About the width of A4 or Letter paper inside print margins, in CSS pixels: charts are redrawn at it to print, not shrunk. */
const PRINT_WIDTH = 700;

const reducedMotion = () => typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** One ECharts canvas that follows its container's size (window, panel, phone rotation, print). */
export function EChart({ option, label, height, name }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    // At least 2× so the bitmap stays sharp on paper and on dense screens.
    const instance = echarts.init(element, null, { renderer: 'canvas', devicePixelRatio: Math.max(2, window.devicePixelRatio || 1) });
    chart.current = instance;
    const resize = () => {
      if (!instance.isDisposed()) instance.resize();
    };
    const toPaper = () => {
      if (instance.isDisposed()) return;
      instance.resize({ width: PRINT_WIDTH, height: element.clientHeight, animation: { duration: 0 } });
      // Printing lays the page out without another animation frame: paint now, not on the next frame.
      instance.getZr().refreshImmediately(true);
    };
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    window.addEventListener('beforeprint', toPaper);
    window.addEventListener('afterprint', resize);
    return () => {
      observer.disconnect();
      window.removeEventListener('beforeprint', toPaper);
      window.removeEventListener('afterprint', resize);
      chart.current = null;
      instance.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: !reducedMotion(), ...option }, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={host}
      className="analytics-chart"
      role="img"
      aria-label={label}
      data-testid="chart"
      data-chart={name}
      style={{ height }}
    />
  );
}

const NARROW = '(max-width: 700px)';

/** True on a phone-sized screen: charts give their axis labels less room there. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => typeof window.matchMedia === 'function' && window.matchMedia(NARROW).matches);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(NARROW);
    const onChange = () => setNarrow(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return narrow;
}

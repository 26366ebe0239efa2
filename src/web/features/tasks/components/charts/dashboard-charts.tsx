/**
 * The dashboard's charts (ECharts, tree-shaken through echarts/core). This module is loaded lazily
 * (lazy-charts.tsx), so ECharts stays out of the main bundle.
 */
import { BarChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { Dashboard } from '../../../../../contracts/tasks.ts';
import { t, tm } from '../../../../lib/i18n.ts';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

const RED = '#b8141c';
const COLORS = { assigned: '#5b8ff9', done: '#52c41a', overdue: '#cf1322', lagging: '#fa8c16', rest: '#f0f0f0' };
const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

function Chart({ option, height, testId }: { option: echarts.EChartsCoreOption; height: number; testId: string }) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ textStyle: { fontFamily: FONT }, ...option }}
        style={{ height, width: '100%' }}
        notMerge
        lazyUpdate
      />
    </div>
  );
}

/**
 * Completion rate over due work by child organisation, best first (rankings show outcomes only; a child with
 * nothing due yet is not ranked).
 */
export function CompletionChart({ rows }: { rows: Dashboard['children'] }) {
  const ranked = rows.filter((r) => r.due > 0).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  const shown = ranked.slice(0, 30).reverse();
  const height = Math.max(220, shown.length * 30 + 60);
  return (
    <Chart
      testId="chart-completion"
      height={height}
      option={{
        grid: { left: 8, right: 56, top: 10, bottom: 10, containLabel: true },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (ps: { dataIndex: number }[]) => {
            const r = shown[ps[0]?.dataIndex ?? 0];
            if (!r) return '';
            return `${r.orgName}<br/>${t('dash.tip.rank', { n: r.rank ?? '—' })}<br/>${t('dash.tip.done', { done: r.done, due: r.due })}<br/>${t('dash.tip.notYetDue', { n: r.assigned - r.due })}<br/>${t('dash.tip.onTime', { n: r.doneOnTime })} · ${t('dash.tip.overdue', { n: r.overdue })}`;
          },
        },
        xAxis: {
          type: 'value',
          max: 100,
          axisLabel: { formatter: '{value}%' },
          splitLine: { lineStyle: { type: 'dashed' } },
        },
        yAxis: {
          type: 'category',
          data: shown.map((r) => `${r.rank ?? '—'}. ${r.orgName}`),
          axisLabel: { width: 150, overflow: 'truncate' },
        },
        series: [
          {
            type: 'bar',
            data: shown.map((r) => ({
              value: Math.round((r.rate ?? 0) * 1000) / 10,
              itemStyle: { color: (r.rate ?? 0) >= 1 ? COLORS.done : RED, borderRadius: [0, 3, 3, 0] },
            })),
            barMaxWidth: 18,
            label: { show: true, position: 'right', formatter: '{c}%' },
            showBackground: true,
            backgroundStyle: { color: COLORS.rest },
          },
        ],
      }}
    />
  );
}

/** Assigned, done, overdue and lagging by day (the deadline sweep writes one row a day). */
export function TrendChart({ trend }: { trend: Dashboard['trend'] }) {
  const series = (key: 'assigned' | 'done' | 'overdue' | 'lagging', area = false) => ({
    name: t(`dash.series.${key}`),
    type: 'line' as const,
    smooth: true,
    showSymbol: trend.length < 20,
    data: trend.map((d) => d[key]),
    itemStyle: { color: COLORS[key] },
    ...(area ? { areaStyle: { opacity: 0.08 } } : {}),
  });
  return (
    <Chart
      testId="chart-trend"
      height={280}
      option={{
        grid: { left: 8, right: 16, top: 36, bottom: trend.length > 30 ? 40 : 10, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', boundaryGap: false, data: trend.map((d) => d.day.slice(5)) },
        yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
        dataZoom:
          trend.length > 30
            ? [{ type: 'slider', height: 18, bottom: 6, start: 100 - Math.round((30 / trend.length) * 100), end: 100 }]
            : [],
        series: [series('assigned', true), series('done', true), series('overdue'), series('lagging')],
      }}
    />
  );
}

/** Each task's progress against its target, as a bullet: the bar is progress, the grey track is 100%. */
export function TargetChart({ tasks }: { tasks: Dashboard['tasks'] }) {
  const rows = tasks
    .filter((x) => x.rollup && x.rollup.assigned > 0)
    .slice(0, 25)
    .reverse();
  const height = Math.max(220, rows.length * 34 + 60);
  const pct = (x: Dashboard['tasks'][number]) => Math.round((x.rollup?.progress ?? 0) * 1000) / 10;
  return (
    <Chart
      testId="chart-targets"
      height={height}
      option={{
        grid: { left: 8, right: 60, top: 10, bottom: 10, containLabel: true },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (ps: { dataIndex: number }[]) => {
            const x = rows[ps[0]?.dataIndex ?? 0];
            if (!x) return '';
            const target =
              x.targetValue !== null
                ? `${x.targetValue}${x.progressMode === 'share' ? '%' : (x.targetUnit ?? '')}`
                : t('dash.tip.noTarget');
            return `${x.title}<br/>${t('dash.tip.target', { target })}<br/>${x.rollup ? tm(x.rollup.progressMsg, x.rollup.progressLabel) : ''}`;
          },
        },
        xAxis: {
          type: 'value',
          max: 100,
          axisLabel: { formatter: '{value}%' },
          splitLine: { lineStyle: { type: 'dashed' } },
        },
        yAxis: { type: 'category', data: rows.map((x) => x.title), axisLabel: { width: 170, overflow: 'truncate' } },
        series: [
          {
            type: 'bar',
            data: rows.map((x) => ({
              value: pct(x),
              itemStyle: {
                color:
                  pct(x) >= 100 ? COLORS.done : x.rollup && x.rollup.overdue > 0 ? COLORS.overdue : COLORS.assigned,
                borderRadius: [0, 3, 3, 0],
              },
            })),
            barMaxWidth: 14,
            showBackground: true,
            backgroundStyle: { color: COLORS.rest },
            label: { show: true, position: 'right', formatter: '{c}%' },
            markLine: {
              silent: true,
              symbol: 'none',
              data: [{ xAxis: 100 }],
              lineStyle: { color: '#999', type: 'solid' },
              label: { show: false },
            },
          },
        ],
      }}
    />
  );
}

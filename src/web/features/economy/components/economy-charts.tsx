/**
 * 村级集体经济 charts (ECharts through echarts/core; loaded lazily by lazy-economy-charts.tsx, so ECharts stays out of
 * the main bundle): the "两个80%" as two gauges — villages with stable income among all, and those reaching the amount
 * among them — each against its target; and the villages of each child organisation stacked by where they stand.
 */
import { BarChart, GaugeChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { EconomySummary } from '../../../../contracts/economy.ts';
import { t } from '../../../lib/i18n.ts';
import { percentDown } from './format.ts';

echarts.use([BarChart, GaugeChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
const MET = '#3f8f4f';
const SHORT = '#b8141c';

type Share = EconomySummary['twoEighty']['stable'];

function gauge(s: Share, center: string, title: string) {
  const value = percentDown(s.share);
  const color = s.met ? MET : SHORT;
  return {
    type: 'gauge',
    center: [center, '58%'],
    radius: '78%',
    min: 0,
    max: 100,
    startAngle: 210,
    endAngle: -30,
    splitNumber: 5,
    progress: { show: true, width: 14, itemStyle: { color } },
    axisLine: {
      lineStyle: {
        width: 14,
        // The band from the target up is green: where the share must reach.
        color: [
          [s.target / 100, '#f2dcdb'],
          [1, '#d7ecd9'],
        ],
      },
    },
    pointer: { show: false },
    axisTick: { show: false },
    splitLine: { length: 6, lineStyle: { width: 1, color: '#999' } },
    axisLabel: { distance: 18, fontSize: 10, color: '#888' },
    anchor: { show: false },
    title: { show: true, offsetCenter: [0, '72%'], fontSize: 13, color: '#333' },
    detail: {
      valueAnimation: false,
      offsetCenter: [0, '8%'],
      fontSize: 22,
      fontWeight: 600,
      color,
      formatter: () => (value === null ? '—' : `${value}%`),
    },
    data: [{ value: value ?? 0, name: title }],
  };
}

/** The "两个80%" gauges: each share with its count and target, green when met. */
export function TwoEightyGauge({ summary }: { summary: EconomySummary }) {
  const { stable, reaching } = summary.twoEighty;
  const amount = summary.twoEighty.rules.reachingAmount / 10_000;
  return (
    <div data-testid="economy-gauge">
      <ReactEChartsCore
        echarts={echarts}
        notMerge
        lazyUpdate
        style={{ height: 240, width: '100%' }}
        option={{
          // Drawn at once: the picture is right as soon as the canvas is there (no animation to wait for).
          animation: false,
          textStyle: { fontFamily: FONT },
          series: [
            gauge(
              stable,
              '25%',
              t('economy.gauge.stable', { count: stable.count, of: stable.of, target: stable.target }),
            ),
            gauge(
              reaching,
              '75%',
              t('economy.gauge.reaching', { amount, count: reaching.count, of: reaching.of, target: reaching.target }),
            ),
          ],
        }}
      />
    </div>
  );
}

/** The villages of each child organisation's subtree: reaching the amount, stable below it, none, not reported. */
export function VillagesByChildChart({ rows }: { rows: EconomySummary['byChild'] }) {
  const names = rows.map((r) => r.name);
  const series = [
    { key: 'reaching', color: MET, data: rows.map((r) => r.reaching) },
    { key: 'stableOnly', color: '#8cc49a', data: rows.map((r) => r.stable - r.reaching) },
    { key: 'noStable', color: '#e8918d', data: rows.map((r) => r.reported - r.stable) },
    { key: 'missing', color: '#d9d9d9', data: rows.map((r) => r.missing) },
  ] as const;
  return (
    <div data-testid="economy-chart">
      <ReactEChartsCore
        echarts={echarts}
        notMerge
        lazyUpdate
        style={{ height: Math.max(220, 40 + rows.length * 26), width: '100%' }}
        option={{
          animation: false,
          textStyle: { fontFamily: FONT },
          grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
          legend: { top: 0 },
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          yAxis: { type: 'category', data: names, inverse: true },
          xAxis: { type: 'value', minInterval: 1 },
          series: series.map((s) => ({
            name: t(`economy.chart.${s.key}`),
            type: 'bar',
            stack: 'villages',
            data: s.data,
            itemStyle: { color: s.color },
          })),
        }}
      />
    </div>
  );
}

/**
 * 星级分布: how many organisations hold each star level this year and last, and (on the dashboard) the levels stacked
 * by child organisation (ECharts through echarts/core; loaded lazily by lazy-stars-chart.tsx, so ECharts stays out of
 * the main bundle).
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { t } from '../../../lib/i18n.ts';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

export function StarsChart({
  levels,
  thisYear,
  lastYear,
  year,
}: {
  /** The levels shown, highest first. */
  levels: readonly number[];
  thisYear: Record<string, number>;
  lastYear: Record<string, number> | null;
  year: number;
}) {
  const names = levels.map((l) => t('assess.levelN', { n: l }));
  return (
    <div data-testid="chart-stars">
      <ReactEChartsCore
        echarts={echarts}
        notMerge
        lazyUpdate
        style={{ height: 260, width: '100%' }}
        option={{
          textStyle: { fontFamily: FONT },
          grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
          legend: { top: 0 },
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          xAxis: { type: 'category', data: names },
          yAxis: { type: 'value', minInterval: 1 },
          series: [
            ...(lastYear
              ? [
                  {
                    name: t('assess.stars.year', { year: year - 1 }),
                    type: 'bar',
                    data: levels.map((l) => lastYear[String(l)] ?? 0),
                    itemStyle: { color: '#d9a8a8' },
                  },
                ]
              : []),
            {
              name: t('assess.stars.year', { year }),
              type: 'bar',
              data: levels.map((l) => thisYear[String(l)] ?? 0),
              itemStyle: { color: '#b8141c' },
              label: { show: true, position: 'top' },
            },
          ],
        }}
      />
    </div>
  );
}

/** Reds by level: ★5 (and above) the darkest, ★1 and below the lightest. */
const LEVEL_COLORS = ['#8c0f15', '#b8141c', '#d9534f', '#e8918d', '#f2c4c1', '#f7dedd'];

/** The year's star levels over each child organisation's subtree, one stacked bar per child. */
export function StarsByChildChart({
  levels,
  rows,
}: {
  /** The levels shown, highest first. */
  levels: readonly number[];
  rows: { orgId: number; name: string; levelCounts: Record<string, number>; total: number }[];
}) {
  return (
    <div data-testid="chart-stars-by-child">
      <ReactEChartsCore
        echarts={echarts}
        notMerge
        lazyUpdate
        style={{ height: Math.max(200, 60 + rows.length * 28), width: '100%' }}
        option={{
          textStyle: { fontFamily: FONT },
          grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
          legend: { top: 0 },
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          yAxis: {
            type: 'category',
            inverse: true,
            data: rows.map((r) => r.name),
            axisLabel: { width: 120, overflow: 'truncate' },
          },
          xAxis: { type: 'value', minInterval: 1 },
          series: levels.map((l) => ({
            name: t('assess.levelN', { n: l }),
            type: 'bar',
            stack: 'stars',
            data: rows.map((r) => r.levelCounts[String(l)] ?? 0),
            itemStyle: { color: LEVEL_COLORS[Math.max(0, Math.min(5 - l, LEVEL_COLORS.length - 1))] },
          })),
        }}
      />
    </div>
  );
}

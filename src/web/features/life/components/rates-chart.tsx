/**
 * 组织生活落实率 by child organisation (ECharts through echarts/core; loaded lazily by lazy-rates-chart.tsx, so ECharts
 * stays out of the main bundle).
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { LifeRates } from '../../../../contracts/life.ts';
import { t } from '../../../lib/i18n.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

export function RatesChart({ rows }: { rows: LifeRates['children'] }) {
  const shown = rows
    .filter((r) => r.rate !== null)
    .slice(0, 30)
    .reverse();
  const height = Math.max(200, shown.length * 30 + 60);
  return (
    <div data-testid="chart-life-rates">
      <ReactEChartsCore
        echarts={echarts}
        notMerge
        lazyUpdate
        style={{ height, width: '100%' }}
        option={{
          textStyle: { fontFamily: FONT },
          grid: { left: 8, right: 56, top: 10, bottom: 10, containLabel: true },
          tooltip: {
            trigger: 'axis',
            axisPointer: { type: 'shadow' },
            formatter: (ps: { dataIndex: number }[]) => {
              const r = shown[ps[0]?.dataIndex ?? 0];
              if (!r) return '';
              return `${r.orgName}<br/>${t('life.tip', { rank: r.rank ?? '—', met: r.met, due: r.due, findings: r.findings })}`;
            },
          },
          xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
          yAxis: {
            type: 'category',
            data: shown.map((r) => `${r.rank ?? '—'}${r.tied ? '=' : ''}. ${r.orgName}`),
            axisLabel: { width: 150, overflow: 'truncate' },
          },
          series: [
            {
              type: 'bar',
              data: shown.map((r) => Math.round((r.rate ?? 0) * 1000) / 10),
              itemStyle: { color: '#b8141c' },
              label: { show: true, position: 'right', formatter: '{c}%' },
            },
          ],
        }}
      />
    </div>
  );
}

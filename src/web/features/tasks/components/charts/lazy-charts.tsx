import { Skeleton } from 'antd';
import { type ComponentProps, lazy, Suspense } from 'react';

// ECharts (~500 KB) is fetched with the first chart, not with the app.
const load = () => import('./dashboard-charts.tsx');
const Completion = lazy(() => load().then((m) => ({ default: m.CompletionChart })));
const Trend = lazy(() => load().then((m) => ({ default: m.TrendChart })));
const Target = lazy(() => load().then((m) => ({ default: m.TargetChart })));

const fallback = <Skeleton.Node active style={{ width: '100%', height: 220 }} />;

export function CompletionChart(p: ComponentProps<typeof Completion>) {
  return (
    <Suspense fallback={fallback}>
      <Completion {...p} />
    </Suspense>
  );
}
export function TrendChart(p: ComponentProps<typeof Trend>) {
  return (
    <Suspense fallback={fallback}>
      <Trend {...p} />
    </Suspense>
  );
}
export function TargetChart(p: ComponentProps<typeof Target>) {
  return (
    <Suspense fallback={fallback}>
      <Target {...p} />
    </Suspense>
  );
}

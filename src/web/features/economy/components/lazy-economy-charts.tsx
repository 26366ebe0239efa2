import { Skeleton } from 'antd';
import { type ComponentProps, lazy, Suspense } from 'react';

// ECharts is fetched with the first chart, not with the app.
const Gauge = lazy(() => import('./economy-charts.tsx').then((m) => ({ default: m.TwoEightyGauge })));
const ByChild = lazy(() => import('./economy-charts.tsx').then((m) => ({ default: m.VillagesByChildChart })));

export function LazyTwoEightyGauge(p: ComponentProps<typeof Gauge>) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 240 }} />}>
      <Gauge {...p} />
    </Suspense>
  );
}

export function LazyVillagesByChildChart(p: ComponentProps<typeof ByChild>) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 220 }} />}>
      <ByChild {...p} />
    </Suspense>
  );
}

import { Skeleton } from 'antd';
import { type ComponentProps, lazy, Suspense } from 'react';

// ECharts is fetched with the first chart, not with the app.
const Stars = lazy(() => import('./stars-chart.tsx').then((m) => ({ default: m.StarsChart })));
const ByChild = lazy(() => import('./stars-chart.tsx').then((m) => ({ default: m.StarsByChildChart })));

export function LazyStarsChart(p: ComponentProps<typeof Stars>) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 260 }} />}>
      <Stars {...p} />
    </Suspense>
  );
}

export function LazyStarsByChildChart(p: ComponentProps<typeof ByChild>) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 280 }} />}>
      <ByChild {...p} />
    </Suspense>
  );
}

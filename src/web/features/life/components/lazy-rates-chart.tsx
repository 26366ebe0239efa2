import { Skeleton } from 'antd';
import { type ComponentProps, lazy, Suspense } from 'react';

// ECharts is fetched with the first chart, not with the app.
const Rates = lazy(() => import('./rates-chart.tsx').then((m) => ({ default: m.RatesChart })));

export function LazyRatesChart(p: ComponentProps<typeof Rates>) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 200 }} />}>
      <Rates {...p} />
    </Suspense>
  );
}

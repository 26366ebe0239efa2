import { Alert, Progress } from 'antd';
import { useEffect, useState } from 'react';
import type { RoundProgress } from '../../../../contracts/assess.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { getRoundProgress } from '../api/assess.ts';

/** How often the bar asks; the first ask waits as long, so that a round scored in a moment shows no bar at all. */
const POLL_MS = 1000;

/**
 * While a whole round is scored (closing scoring, 确定, the results read live on a city: tens of seconds), the server
 * keeps how many organisations' automatic indicators are read of the total (GET /api/assess/rounds/:id/progress):
 * this polls it while `active` (a request of this page is waiting) and shows the bar while the run moves.
 */
export function RoundProgressBar({ roundId, active }: { roundId: number; active: boolean }) {
  const { t } = useI18n();
  const [p, setP] = useState<RoundProgress | null>(null);
  useEffect(() => {
    setP(null);
    if (!active) return;
    let live = true;
    const id = setInterval(() => {
      getRoundProgress(roundId).then(
        (x) => live && setP(x),
        () => undefined,
      );
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [roundId, active]);
  if (!active || !p?.running || p.total === 0) return null;
  const percent = p.phase === 'store' ? 100 : Math.floor((p.done / p.total) * 100);
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="round-progress"
      title={
        p.phase === 'store'
          ? t('assess.progress.store', { total: p.total })
          : t('assess.progress.measures', { done: p.done, total: p.total })
      }
      description={<Progress percent={percent} status="active" size="small" />}
    />
  );
}

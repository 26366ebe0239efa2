import { Space, Tag } from 'antd';
import type { DevelopmentPipeline } from '../../../../contracts/development.ts';
import { useI18n } from '../../../lib/i18n.ts';

type Alert = DevelopmentPipeline['cases'][number]['alerts'][number];
const COLOR = { blocked: 'red', due: 'orange', late: 'volcano' } as const;

/** The alerts of a case as badges: blocked until a day, due this month, late. */
export function AlertBadges({ alerts }: { alerts: Alert[] }) {
  const { t } = useI18n();
  if (alerts.length === 0) return null;
  return (
    <Space size={[4, 4]} wrap>
      {alerts.map((a) => (
        <Tag key={`${a.code}-${a.on}`} color={COLOR[a.kind]} title={`${a.rule.summary}（${a.rule.id}）`}>
          {t(`dev.alert.${a.kind}`)}：{t(`dev.alertCode.${a.code}` as never, { on: a.on })}
        </Tag>
      ))}
    </Space>
  );
}

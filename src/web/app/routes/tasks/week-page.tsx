import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Skeleton, Typography } from 'antd';
import { getWeek } from '../../../features/tasks/api/overview.ts';
import { WeekBoard } from '../../../features/tasks/components/week-board.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe } from '../../../lib/session.tsx';
import { useOrgParam } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/** /week — what one organisation has to do this week, on one phone-width screen (a 党员 lands here). */
export default function WeekPage() {
  const { t } = useI18n();
  const me = useMe();
  const orgParam = useOrgParam();
  const orgId = me.role === 'member' ? me.orgId : orgParam;
  const { data, error, loading, reload } = useRequest(() => getWeek(orgId), [orgId]);

  if (error)
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(error)}
        action={
          <Button size="small" onClick={reload}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  if (!data) return <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <div data-testid="week-page" className="luoshi-week-page">
      <Flex justify="space-between" align="flex-start" gap={8} style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('week.title')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {data.org.name} · {t('week.range', { from: data.weekStart.slice(5), to: data.weekEnd.slice(5) })}
          </Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} loading={loading} onClick={reload} aria-label={t('week.refresh')} />
      </Flex>
      <WeekBoard week={data} />
    </div>
  );
}

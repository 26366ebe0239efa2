import { App, Button, Card, Col, Empty, Flex, Row, Select, Space, Switch, Typography } from 'antd';
import { Link } from 'react-router';
import { GRID_MATTER_STATES, type GridMatterState } from '../../../../domain/grid/grid-matter.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { exportMatters, listGrids, listMatters } from '../../../features/grid/api/grid.ts';
import { GridImportCard } from '../../../features/grid/components/grid-import-card.tsx';
import { MatterStateTag } from '../../../features/grid/components/grid-tags.tsx';
import { MatterCard } from '../../../features/grid/components/matter-card.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /grid/board?orgId&gridId&overdue — the grid matter board: one column per state (待交办, 待处置, 待反馈, 待评价, 已办结),
 * overdue matters edged in red with the days and the escalation reached; filtered by grid or to the overdue ones;
 * the list exported as .xlsx in its usual layout, and imported (the grid's organisation).
 */
export default function GridBoardPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const gridId = Number(q.get('gridId')) || undefined;
  const overdue = q.get('overdue') === 'true';
  const filters = { orgId, gridId, overdue: overdue ? ('true' as const) : undefined };
  const grids = useRequest(() => listGrids(orgId), [orgId]);
  const res = useRequest(
    () => Promise.all(GRID_MATTER_STATES.map((state) => listMatters({ ...filters, state, pageSize: 50 }))),
    [orgId, gridId, overdue],
  );
  return (
    <div data-testid="grid-board-page">
      <PageHeader
        title={t('grid.boardTitle')}
        subTitle={orgName ?? undefined}
        extra={
          <Space wrap>
            <Link to={`/grid?orgId=${orgId}`}>
              <Button>{t('grid.title')}</Button>
            </Link>
            <Button
              onClick={() =>
                exportMatters(filters, t('grid.exportFile')).catch((e) => void message.error(errorMessage(e)))
              }
              data-testid="grid-export"
            >
              {t('grid.export')}
            </Button>
          </Space>
        }
      />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('grid.allGrids')}
          style={{ minWidth: 200 }}
          value={gridId}
          onChange={(v) => q.set({ gridId: v ? String(v) : null })}
          options={(grids.data?.grids ?? []).map((g) => ({ value: g.id, label: `${g.name}（${g.orgName}）` }))}
        />
        <Space>
          <Switch
            checked={overdue}
            onChange={(v) => q.set({ overdue: v ? 'true' : null })}
            data-testid="board-overdue"
          />
          <Typography.Text>{t('grid.overdueOnly')}</Typography.Text>
        </Space>
      </Flex>
      {res.error ? (
        <ErrorResult error={res.error} onRetry={res.reload} />
      ) : (
        <Row gutter={[12, 12]} wrap data-testid="grid-board">
          {GRID_MATTER_STATES.map((state: GridMatterState, i) => {
            const page = res.data?.[i];
            return (
              <Col key={state} flex="1 1 220px">
                <Card
                  size="small"
                  loading={res.loading && !res.data}
                  title={
                    <Flex gap={6} align="center">
                      <MatterStateTag state={state} />
                      <Typography.Text type="secondary">{page?.total ?? 0}</Typography.Text>
                    </Flex>
                  }
                  data-testid={`board-column-${state}`}
                  styles={{ body: { background: 'var(--ant-color-fill-quaternary)', minHeight: 120 } }}
                >
                  <Flex vertical gap={8}>
                    {(page?.items ?? []).map((m) => (
                      <MatterCard key={m.id} m={m} />
                    ))}
                    {page && page.items.length === 0 && (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grid.noMatters')} />
                    )}
                  </Flex>
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
      {can('task:assign') && <GridImportCard orgId={orgId} onImported={res.reload} />}
    </div>
  );
}

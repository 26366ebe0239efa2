import { Button, Card, Col, Descriptions, Empty, Flex, Row, Space, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { GridDto } from '../../../../contracts/grid.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { listGrids, listMatters } from '../../../features/grid/api/grid.ts';
import { GridForm } from '../../../features/grid/components/grid-form.tsx';
import { GridRanking } from '../../../features/grid/components/grid-ranking.tsx';
import { MatterCard } from '../../../features/grid/components/matter-card.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

type Node = { key: string; title: React.ReactNode; children?: Node[]; selectable?: boolean };

/**
 * /grid?orgId — the grid map: the communities and villages of the organisation as a tree of their grids (网格, and
 * 微网格 below), each with its 网格员, what it covers and its open and overdue matters; a grid picked shows its
 * matters. The grid's organisation draws grids; the ranking on the on-time rate below. A 网格员 sees their own grids.
 */
export default function GridMapPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { orgId, orgName } = useOrgContext();
  const res = useRequest(() => listGrids(orgId), [orgId]);
  const [picked, setPicked] = useState<number | null>(null);
  const list = res.data;
  const grids = list?.grids ?? [];
  const selected = grids.find((g) => g.id === picked) ?? (grids.length === 1 ? grids[0]! : null);
  const matters = useRequest(
    () => listMatters({ gridId: selected!.id, pageSize: 50 }),
    [selected?.id],
    selected !== null,
  );

  const tree = useMemo((): Node[] => {
    const gridNode = (g: GridDto): Node => ({
      key: `g${g.id}`,
      title: (
        <span data-testid={`grid-node-${g.id}`}>
          {g.name}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            · {g.workerName}
          </Typography.Text>{' '}
          {g.counts.open > 0 && <Tag color="processing">{t('grid.openCount', { n: g.counts.open })}</Tag>}
          {g.counts.overdue > 0 && <Tag color="error">{t('grid.overdueCount', { n: g.counts.overdue })}</Tag>}
        </span>
      ),
      children: grids.filter((c) => c.parentId === g.id).map(gridNode),
    });
    const byOrg = new Map<number, { name: string; grids: GridDto[] }>();
    for (const g of grids) {
      const o = byOrg.get(g.orgId) ?? { name: g.orgName, grids: [] };
      if (g.parentId === null || !grids.some((p) => p.id === g.parentId)) o.grids.push(g);
      byOrg.set(g.orgId, o);
    }
    for (const o of list?.orgs ?? []) if (!byOrg.has(o.id)) byOrg.set(o.id, { name: o.name, grids: [] });
    return [...byOrg.entries()].map(([id, o]) => ({
      key: `o${id}`,
      title: <strong>{o.name}</strong>,
      selectable: false,
      children: o.grids.map(gridNode),
    }));
  }, [grids, list?.orgs, t]);

  const isWorker = me?.role === 'member';
  return (
    <div data-testid="grid-map-page" style={{ maxWidth: 1200 }}>
      <PageHeader
        title={t('grid.title')}
        subTitle={orgName ?? undefined}
        extra={
          <Space wrap>
            <Link to={`/grid/report${isWorker ? '' : `?orgId=${orgId}`}`}>
              <Button type="primary" data-testid="grid-report-link">
                {t('grid.report')}
              </Button>
            </Link>
            <Link to={`/grid/board?orgId=${orgId}`}>
              <Button data-testid="grid-board-link">{t('grid.board')}</Button>
            </Link>
          </Space>
        }
      />
      {res.error ? (
        <ErrorResult error={res.error} onRetry={res.reload} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('grid.tree')} loading={res.loading} data-testid="grid-tree">
              {tree.length === 0 ? (
                <Empty description={isWorker ? t('grid.noneMine') : t('grid.none')} />
              ) : (
                <Tree
                  treeData={tree}
                  defaultExpandAll
                  blockNode
                  selectedKeys={selected ? [`g${selected.id}`] : []}
                  onSelect={(keys) => {
                    const k = String(keys[0] ?? '');
                    if (k.startsWith('g')) setPicked(Number(k.slice(1)));
                  }}
                />
              )}
            </Card>
            {list?.canManage && !isWorker && (
              <div style={{ marginTop: 16 }}>
                <GridForm
                  list={list}
                  onCreated={(g) => {
                    setPicked(g.id);
                    res.reload();
                  }}
                />
              </div>
            )}
          </Col>
          <Col xs={24} lg={14}>
            {selected ? (
              <Card size="small" title={selected.name} data-testid="grid-detail">
                <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                  <Descriptions.Item label={t('grid.org')}>{selected.orgName}</Descriptions.Item>
                  <Descriptions.Item label={t('grid.workerName')}>
                    {selected.workerName}
                    {selected.workerPhone ? ` ${selected.workerPhone}` : ''}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('grid.households')}>{selected.households ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('grid.buildings')}>{selected.buildings ?? '—'}</Descriptions.Item>
                  {selected.coverage && (
                    <Descriptions.Item label={t('grid.coverage')} span={2}>
                      {selected.coverage}
                    </Descriptions.Item>
                  )}
                </Descriptions>
                <Flex vertical gap={8} style={{ marginTop: 8 }}>
                  {(matters.data?.items ?? []).map((m) => (
                    <MatterCard key={m.id} m={m} showState />
                  ))}
                  {matters.data && matters.data.items.length === 0 && <Empty description={t('grid.noMatters')} />}
                </Flex>
              </Card>
            ) : (
              <Card size="small">
                <Empty description={t('grid.pickGrid')} />
              </Card>
            )}
          </Col>
          {!isWorker && (
            <Col xs={24}>
              <GridRanking orgId={orgId} />
            </Col>
          )}
        </Row>
      )}
    </div>
  );
}

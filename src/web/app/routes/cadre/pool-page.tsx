import { Alert, Button, Card, Col, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { PoolEntry } from '../../../../contracts/cadre-pool.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { exportPool, getPool } from '../../../features/cadre/api/pool.ts';
import { ExitModal, NominateModal, RecordModal } from '../../../features/cadre/components/pool-modals.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

type Status = 'active' | 'exited' | 'all';

/**
 * /cadre/pool?orgId&status&category — 年轻干部信息库: the people of the subtree in the pool with the category, the
 * reasons and the training and practice records (挂职, 轮岗, 培训); nominate, record, exit (member:write).
 */
export default function PoolPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const status = (q.get('status') as Status | null) ?? 'active';
  const category = q.get('category') ?? undefined;
  const res = useRequest(
    () => getPool({ orgId, status, ...(category ? { category } : {}) }),
    [orgId, status, category],
  );
  const [modal, setModal] = useState<
    { kind: 'nominate' } | { kind: 'record'; entry: PoolEntry } | { kind: 'exit'; entry: PoolEntry } | null
  >(null);
  const d = res.data;
  const done = () => {
    setModal(null);
    res.reload();
  };
  const write = can('member:write');
  return (
    <div data-testid="pool-page">
      <PageHeader
        title={t('cadrePool.title')}
        subTitle={orgName ?? undefined}
        extra={
          <Space wrap>
            <Link to={`/cadre/structure?orgId=${orgId}`}>{t('cadreStructure.title')}</Link>
            <Link to={`/cadre/secretaries?orgId=${orgId}`}>{t('cadre.title')}</Link>
            <Button
              data-testid="pool-export"
              onClick={() => void exportPool({ orgId, status, ...(category ? { category } : {}) })}
            >
              {t('cadre.export')}
            </Button>
            {write && (
              <Button type="primary" onClick={() => setModal({ kind: 'nominate' })} data-testid="pool-nominate">
                {t('cadrePool.nominate')}
              </Button>
            )}
          </Space>
        }
      />
      {res.error ? <Alert type="error" showIcon title={errorMessage(res.error)} style={{ marginBottom: 12 }} /> : null}
      {d && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('cadrePool.active')} value={d.counts.active} data-testid="pool-active" />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('cadrePool.exited')} value={d.counts.exited} />
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card size="small">
              <Space wrap>
                {d.byCategory.map((c) => (
                  <Tag key={c.code}>
                    {lang === 'en' ? c.en : c.zh}：{c.active}
                  </Tag>
                ))}
              </Space>
            </Card>
          </Col>
        </Row>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={status}
          options={(['active', 'exited', 'all'] as const).map((s) => ({ value: s, label: t(`cadrePool.status.${s}`) }))}
          onChange={(v) => q.set({ status: v === 'active' ? null : String(v) })}
        />
        <Select
          allowClear
          style={{ minWidth: 220 }}
          placeholder={t('cadrePool.category')}
          value={category}
          options={(d?.byCategory ?? []).map((c) => ({ value: c.code, label: lang === 'en' ? c.en : c.zh }))}
          onChange={(v) => q.set({ category: v ?? null })}
        />
      </Space>
      <Table<PoolEntry>
        rowKey="id"
        size="small"
        loading={res.loading}
        dataSource={d?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        data-testid="pool-table"
        expandable={{
          rowExpandable: (r) => r.records.length > 0,
          expandedRowRender: (r) => (
            <Space direction="vertical" size={2}>
              {r.records.map((x) => (
                <Typography.Text key={x.id}>
                  <Tag>{t(`cadrePool.kind.${x.kind}`)}</Tag>
                  {x.place}（{x.fromOn} — {x.toOn ?? t('cadrePool.ongoing')}）{x.note ? `：${x.note}` : ''}
                </Typography.Text>
              ))}
            </Space>
          ),
        }}
        columns={[
          {
            title: t('cadrePool.col.name'),
            dataIndex: 'name',
            render: (v, r) => <Link to={`/members/${r.personId}`}>{v}</Link>,
          },
          { title: t('cadrePool.col.age'), dataIndex: 'age', render: (v) => v ?? '—' },
          { title: t('cadrePool.col.org'), dataIndex: 'orgName' },
          { title: t('cadrePool.category'), dataIndex: 'categoryName' },
          {
            title: t('cadrePool.reasons'),
            dataIndex: 'reasons',
            render: (v, r) => (
              <Space direction="vertical" size={0}>
                <span>{v}</span>
                <Typography.Text type="secondary">
                  {t('cadrePool.nominatedBy', { date: r.nominatedOn, org: r.nominatorOrgName })}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('cadrePool.col.status'),
            dataIndex: 'status',
            render: (s, r) =>
              s === 'active' ? (
                <Tag color="green">{t('cadrePool.status.active')}</Tag>
              ) : (
                <Space direction="vertical" size={0}>
                  <Tag>{t('cadrePool.status.exited')}</Tag>
                  <Typography.Text type="secondary">
                    {r.exitedOn}：{r.exitReason}
                  </Typography.Text>
                </Space>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) =>
              write && r.status === 'active' ? (
                <Space wrap>
                  <Button size="small" onClick={() => setModal({ kind: 'record', entry: r })}>
                    {t('cadrePool.record.button')}
                  </Button>
                  <Button size="small" danger onClick={() => setModal({ kind: 'exit', entry: r })}>
                    {t('cadrePool.exit.button')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {modal?.kind === 'nominate' && d && (
        <NominateModal orgId={orgId} categories={d.byCategory} onClose={() => setModal(null)} onDone={done} />
      )}
      {modal?.kind === 'record' && <RecordModal entry={modal.entry} onClose={() => setModal(null)} onDone={done} />}
      {modal?.kind === 'exit' && <ExitModal entry={modal.entry} onClose={() => setModal(null)} onDone={done} />}
    </div>
  );
}

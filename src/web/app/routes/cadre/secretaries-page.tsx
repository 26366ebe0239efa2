import {
  Alert,
  Button,
  Card,
  Col,
  Input,
  Popconfirm,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { SecretaryRow } from '../../../../contracts/cadre.ts';
import type { FilingStatus } from '../../../../domain/cadre/secretary-filing.ts';
import { VILLAGE_COMMITTEE_POST_LABELS, type VillageCommitteePost } from '../../../../domain/people/vocab.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { decideFiling, exportSecretaries, getSecretaries } from '../../../features/cadre/api/cadre.ts';
import { FilingModal } from '../../../features/cadre/components/filing-modal.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

const STATUS_COLOR: Record<FilingStatus, string> = {
  noSecretary: 'default',
  filed: 'green',
  pending: 'blue',
  returned: 'orange',
  due: 'gold',
  missing: 'red',
  expired: 'red',
  stale: 'volcano',
};

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/**
 * /cadre/secretaries?orgId&alerts — 村党组织书记备案 and 一肩挑: every village of the subtree with its secretary, the
 * filing's status and the alerts; the village files (the 联审 checks), an organisation above approves or returns; the
 * 一肩挑 ratio by child and its monthly trend.
 */
export default function SecretariesPage() {
  const { t, label } = useI18n();
  const { me, can } = useSession();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const alerts = q.get('alerts') === 'true';
  const res = useRequest(
    () => getSecretaries({ orgId, ...(alerts ? { alerts: 'true' as const } : {}) }),
    [orgId, alerts],
  );
  const [filing, setFiling] = useState<SecretaryRow | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const d = res.data;
  const decide = async (row: SecretaryRow, decision: 'approved' | 'returned') => {
    setError(null);
    try {
      await decideFiling(row.filing!.id, { decision, reason });
      setReason('');
      res.reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div data-testid="secretaries-page">
      <PageHeader
        title={t('cadre.title')}
        subTitle={orgName ?? undefined}
        extra={
          <Space wrap>
            {can('member:read') && <Link to={`/cadre/pool?orgId=${orgId}`}>{t('cadrePool.title')}</Link>}
            {can('member:read') && <Link to={`/cadre/structure?orgId=${orgId}`}>{t('cadreStructure.title')}</Link>}
            <Segmented
              value={alerts ? 'alerts' : 'all'}
              options={[
                { value: 'all', label: t('cadre.filter.all') },
                { value: 'alerts', label: t('cadre.filter.alerts') },
              ]}
              onChange={(v) => q.set({ alerts: v === 'alerts' ? 'true' : null })}
            />
            <Button
              data-testid="secretaries-export"
              onClick={() => void exportSecretaries({ orgId, ...(alerts ? { alerts: 'true' as const } : {}) })}
            >
              {t('cadre.export')}
            </Button>
          </Space>
        }
      />
      {(res.error || error) && (
        <Alert type="error" showIcon title={error ?? errorMessage(res.error)} style={{ marginBottom: 12 }} />
      )}
      {d && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('cadre.villages')} value={d.totals.villages} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('cadre.oneShoulderRatio')}
                value={pct(d.totals.ratio)}
                data-testid="one-shoulder-ratio"
              />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('cadre.filed')} value={d.totals.byStatus.filed} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('cadre.alerts')}
                value={d.totals.alerts}
                valueStyle={d.totals.alerts ? { color: '#cf1322' } : undefined}
              />
            </Card>
          </Col>
        </Row>
      )}
      <Table<SecretaryRow>
        rowKey="orgId"
        size="small"
        loading={res.loading}
        dataSource={d?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        data-testid="secretaries-table"
        columns={[
          {
            title: t('cadre.col.village'),
            dataIndex: 'orgName',
            render: (v, r) => (r.parentName ? `${r.parentName} · ${v}` : v),
          },
          {
            title: t('cadre.col.secretary'),
            dataIndex: 'secretaryName',
            render: (v, r) => (v ? `${v}（${formatDate(r.startedOn)}）` : '—'),
          },
          {
            title: t('cadre.col.post'),
            dataIndex: 'villageCommitteePost',
            render: (v: string | null, r) => (
              <Space size={4}>
                {v ? label(VILLAGE_COMMITTEE_POST_LABELS[v as VillageCommitteePost]) : '—'}
                {r.oneShoulder && <Tag color="purple">{t('cadre.oneShoulder')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('cadre.col.status'),
            dataIndex: 'status',
            render: (s: FilingStatus, r) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATUS_COLOR[s]} data-testid={`filing-status-${r.orgId}`}>
                  {t(`cadre.status.${s}`)}
                </Tag>
                {r.dueOn && <Typography.Text type="secondary">{t('cadre.dueOn', { date: r.dueOn })}</Typography.Text>}
                {r.filing?.reason && (
                  <Typography.Text type="secondary">
                    {t('cadre.returnedFor', { reason: r.filing.reason })}
                  </Typography.Text>
                )}
                {r.filing && r.filing.decision === 'approved' && (
                  <Typography.Text type="secondary">{t('cadre.termEnd', { date: r.filing.termEnd })}</Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => (
              <Space wrap>
                {r.secretaryId !== null &&
                  ['due', 'missing', 'returned', 'expired', 'stale'].includes(r.status) &&
                  can('task:report') && (
                    <Button size="small" type="primary" onClick={() => setFiling(r)} data-testid={`file-${r.orgId}`}>
                      {t('cadre.file.button')}
                    </Button>
                  )}
                {r.status === 'pending' && r.orgId !== me?.orgId && can('task:assign') && (
                  <>
                    <Button size="small" onClick={() => void decide(r, 'approved')} data-testid={`approve-${r.orgId}`}>
                      {t('cadre.approve')}
                    </Button>
                    <Popconfirm
                      title={t('cadre.returnTitle')}
                      description={
                        <Input
                          value={reason}
                          onChange={(e) => setReason(e.target.value)}
                          placeholder={t('cadre.reason')}
                        />
                      }
                      onConfirm={() => decide(r, 'returned')}
                    >
                      <Button size="small" danger>
                        {t('cadre.return')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      {d && d.byChild.length > 0 && (
        <Card size="small" title={t('cadre.byChild')} style={{ marginTop: 12 }}>
          <Table
            rowKey="orgId"
            size="small"
            pagination={false}
            dataSource={d.byChild}
            columns={[
              { title: t('cadre.col.org'), dataIndex: 'orgName' },
              { title: t('cadre.villages'), dataIndex: 'villages' },
              { title: t('cadre.withSecretary'), dataIndex: 'withSecretary' },
              { title: t('cadre.oneShoulder'), dataIndex: 'oneShoulder' },
              { title: t('cadre.oneShoulderRatio'), dataIndex: 'ratio', render: pct },
            ]}
          />
        </Card>
      )}
      {d && (
        <Card size="small" title={t('cadre.trend')} style={{ marginTop: 12 }}>
          {d.trend.length === 0 ? (
            <Typography.Text type="secondary">{t('cadre.trendEmpty')}</Typography.Text>
          ) : (
            <Space wrap>
              {d.trend.map((m) => (
                <Tag key={m.month}>
                  {m.month}：{pct(m.ratio)}（{m.oneShoulder}/{m.withSecretary}）
                </Tag>
              ))}
            </Space>
          )}
        </Card>
      )}
      {filing && d && (
        <FilingModal
          row={filing}
          checks={d.checks}
          onClose={() => setFiling(null)}
          onDone={() => {
            setFiling(null);
            res.reload();
          }}
        />
      )}
    </div>
  );
}

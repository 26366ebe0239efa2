import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Dropdown, Flex, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import {
  copySystem,
  createSystem,
  listRounds,
  listSystems,
  publishSystem,
  type RoundSummary,
  type SystemSummary,
} from '../../../features/assess/api/assess.ts';
import { RoundStateTag, SystemStateTag } from '../../../features/assess/components/assess-tags.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';
import { useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /assess — 考核评价: the index systems of the year (the account's organisation's, those of the subtree, and the
 * published ones of the organisations above), with 新建 (blank, from a template, or a copy of last year's) and 发布;
 * and the rounds (those it issues and those it is assessed or scores in), each with its state.
 */
export default function AssessHomePage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const me = useMe();
  const { can } = useSession();
  const navigate = useNavigate();
  const q = useQueryState();
  const year = Number(q.get('year')) || dayjs().year();
  const systems = useRequest(() => listSystems(year), [year]);
  const lastYear = useRequest(() => listSystems(year - 1), [year]);
  const rounds = useRequest(() => listRounds(year), [year]);
  const canIssue = can('task:assign');

  const act = async (fn: () => Promise<{ id: number }>, open: boolean) => {
    try {
      const s = await fn();
      if (open) void navigate(`/assess/systems/${s.id}`);
      else systems.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  const newItems = [
    { key: 'blank', label: t('assess.new.blank') },
    { key: 'tpl:default', label: t('assess.new.template', { name: t('assess.template.default') }) },
    { key: 'tpl:A', label: t('assess.new.template', { name: t('assess.template.A') }) },
    { key: 'tpl:B', label: t('assess.new.template', { name: t('assess.template.B') }) },
    ...(lastYear.data ?? []).map((s) => ({
      key: `copy:${s.id}`,
      label: t('assess.new.copy', { name: s.name, org: s.orgName }),
    })),
  ];
  const onNew = (key: string) => {
    if (key === 'blank') void act(() => createSystem({ year }), true);
    else if (key.startsWith('tpl:'))
      void act(() => createSystem({ year, template: key.slice(4) as 'A' | 'B' | 'default' }), true);
    else if (key.startsWith('copy:')) void act(() => copySystem(Number(key.slice(5)), { year }), true);
  };
  const publish = (s: SystemSummary) =>
    modal.confirm({
      title: t('assess.publishConfirm', { name: s.name }),
      content: t('assess.publishHint'),
      okText: t('assess.publish'),
      onOk: () => act(() => publishSystem(s.id), false),
    });

  return (
    <div data-testid="assess-home-page">
      <PageHeader
        title={t('assess.title')}
        subTitle={t('assess.subtitle', { org: me.orgName, year })}
        extra={
          <Space wrap>
            <DatePicker
              picker="year"
              allowClear={false}
              value={dayjs(`${year}-01-01`)}
              onChange={(v) => q.set({ year: v ? v.year() : null })}
              aria-label={t('assess.year')}
            />
            <Link to="/supervisions">{t('assess.backToSupervise')}</Link>
            <Link to="/reviews">{t('review.link')}</Link>
            {canIssue && (
              <Dropdown trigger={['click']} menu={{ items: newItems, onClick: ({ key }) => onNew(key) }}>
                <Button type="primary" icon={<PlusOutlined />} data-testid="assess-new-system">
                  {t('assess.new.button')} <DownOutlined />
                </Button>
              </Dropdown>
            )}
          </Space>
        }
      />
      <Flex vertical gap={16}>
        <Card title={t('assess.systems')} size="small" data-testid="assess-systems">
          {systems.error ? <Alert type="error" showIcon title={errorMessage(systems.error)} /> : null}
          <Table<SystemSummary>
            rowKey="id"
            size="small"
            loading={systems.loading}
            dataSource={systems.data ?? []}
            pagination={false}
            scroll={{ x: 760 }}
            locale={{ emptyText: t('assess.systemsEmpty') }}
            columns={[
              {
                title: t('assess.field.name'),
                dataIndex: 'name',
                render: (v: string, r) => (
                  <Link to={`/assess/systems/${r.id}`} style={{ fontWeight: 600 }}>
                    {v}
                  </Link>
                ),
              },
              { title: t('assess.field.issuer'), dataIndex: 'orgName', width: 180 },
              { title: t('assess.field.total'), dataIndex: 'total', width: 80, align: 'right' },
              {
                title: t('assess.field.state'),
                dataIndex: 'state',
                width: 100,
                render: (s: SystemSummary['state']) => <SystemStateTag state={s} />,
              },
              {
                title: t('assess.field.source'),
                key: 'source',
                width: 160,
                render: (_, r) =>
                  r.template ? (
                    <Tag>{t('assess.fromTemplate', { name: templateName(t, r.template) })}</Tag>
                  ) : r.copiedFrom ? (
                    <Tag>{t('assess.copied')}</Tag>
                  ) : (
                    <Typography.Text type="secondary">{t('assess.blankSource')}</Typography.Text>
                  ),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 200,
                render: (_, r) => (
                  <Space size={4} wrap>
                    {r.canEdit && (
                      <Button size="small" onClick={() => publish(r)}>
                        {t('assess.publish')}
                      </Button>
                    )}
                    {r.state === 'published' && r.orgId === me.orgId && canIssue && (
                      <Button size="small" type="link" onClick={() => navigate(`/assess/systems/${r.id}/rounds/new`)}>
                        {t('assess.startRound')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
        <Card title={t('assess.rounds')} size="small" data-testid="assess-rounds">
          {rounds.error ? <Alert type="error" showIcon title={errorMessage(rounds.error)} /> : null}
          <Table<RoundSummary>
            rowKey="id"
            size="small"
            loading={rounds.loading}
            dataSource={rounds.data ?? []}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('assess.roundsEmpty') }}
            columns={[
              {
                title: t('assess.field.name'),
                dataIndex: 'name',
                render: (v: string, r) => (
                  <Link to={`/assess/rounds/${r.id}`} style={{ fontWeight: 600 }}>
                    {v}
                  </Link>
                ),
              },
              { title: t('assess.field.issuer'), dataIndex: 'orgName', width: 160 },
              {
                title: t('assess.field.role'),
                key: 'role',
                width: 100,
                render: (_, r) =>
                  r.isIssuer ? (
                    <Tag color="red">{t('assess.role.issuer')}</Tag>
                  ) : (
                    <Tag>{t('assess.role.assessed')}</Tag>
                  ),
              },
              {
                title: t('assess.field.state'),
                dataIndex: 'state',
                width: 100,
                render: (s: RoundSummary['state']) => <RoundStateTag state={s} />,
              },
              { title: t('assess.field.orgCount'), dataIndex: 'orgCount', width: 90, align: 'right' },
              { title: t('assess.field.selfDue'), dataIndex: 'selfDue', width: 110, render: formatDate },
              { title: t('assess.field.scoreDue'), dataIndex: 'scoreDue', width: 110, render: formatDate },
              {
                title: t('assess.field.publicity'),
                key: 'publicity',
                width: 200,
                render: (_, r) => `${formatDate(r.publicityFrom)} ～ ${formatDate(r.publicityTo)}`,
              },
            ]}
          />
        </Card>
      </Flex>
    </div>
  );
}

function templateName(t: ReturnType<typeof useI18n>['t'], id: string): string {
  return id === 'A' || id === 'B' || id === 'default' ? t(`assess.template.${id}`) : id;
}

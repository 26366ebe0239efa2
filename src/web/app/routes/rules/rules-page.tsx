import { Alert, Button, Card, Flex, Input, Segmented, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { RuleEntryDto, RuleOverrideRow } from '../../../../contracts/rules.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { listRuleOverrides, listRules } from '../../../features/rules/api/rules.ts';
import { OverrideModal } from '../../../features/rules/components/override-modal.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useRequest } from '../../../lib/use-request.ts';

const AREAS = [
  'org',
  'people',
  'life',
  'tasks',
  'rectify',
  'grid',
  'supervise',
  'assess',
  'village',
  'economy',
] as const;

const toIsoToday = () => toIsoDate(today());

/**
 * /rules — 规则: every rule the platform checks, so that users can see what is checked and why: its one-line summary,
 * its source (document and article), whether the source was confirmed (C) or is secondary or local (S, a default a
 * locality may adjust), and the day its source took effect.
 */
export default function RulesPage() {
  const { t } = useI18n();
  const { me, can } = useSession();
  const rules = useRequest(() => listRules(), []);
  const overrides = useRequest(() => listRuleOverrides(), []);
  const [editing, setEditing] = useState<RuleEntryDto | null>(null);
  // A committee's administrators set local rules for its subtree (the server refuses other organisations, saying why).
  const canAdjust = can('org:write') && me?.role !== 'member';
  const [area, setArea] = useState<string>('all');
  const [q, setQ] = useState('');
  const shown = useMemo(
    () =>
      (rules.data ?? []).filter(
        (r) =>
          (area === 'all' || r.area === area) && (!q.trim() || `${r.summary}${r.source}${r.id}`.includes(q.trim())),
      ),
    [rules.data, area, q],
  );
  return (
    <div data-testid="rules-page">
      <PageHeader title={t('rules.title')} subTitle={t('rules.subtitle')} />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={area}
            onChange={(v) => setArea(String(v))}
            options={[
              { value: 'all', label: t('common.all') },
              ...AREAS.map((a) => ({ value: a, label: t(`rules.area.${a}`) })),
            ]}
          />
          <Input.Search
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('rules.search')}
            aria-label={t('rules.search')}
            style={{ maxWidth: 280 }}
          />
        </Flex>
        {rules.error ? (
          <Alert
            type="error"
            showIcon
            title={errorMessage(rules.error)}
            action={
              <Button size="small" onClick={rules.reload}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : null}
        <Table<RuleEntryDto>
          rowKey="id"
          size="middle"
          loading={rules.loading}
          dataSource={shown}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: t('rules.col.summary'), dataIndex: 'summary', render: (v: string) => <strong>{v}</strong> },
            {
              title: t('rules.col.area'),
              dataIndex: 'area',
              width: 100,
              render: (a: string) => t(`rules.area.${a}` as 'rules.area.org'),
            },
            {
              title: t('rules.col.source'),
              dataIndex: 'source',
              render: (s: string, r) => (
                <>
                  {r.local && (
                    <Tag color="blue" data-testid="rule-local">
                      {t('rules.local', { org: r.local.orgName })}
                    </Tag>
                  )}
                  {s}
                  {r.article ?? ''}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('rules.from', { date: r.effectiveFrom })} · {r.id}
                    </Typography.Text>
                  </div>
                </>
              ),
            },
            {
              title: t('rules.col.tag'),
              dataIndex: 'tag',
              width: 150,
              render: (tag: 'C' | 'S', r) => (
                <>
                  <Tag color={tag === 'C' ? 'green' : 'gold'}>{t(tag === 'C' ? 'rules.tag.C' : 'rules.tag.S')}</Tag>
                  {canAdjust && tag === 'S' && (
                    <Button size="small" type="link" onClick={() => setEditing(r)}>
                      {t('rules.override.button')}
                    </Button>
                  )}
                </>
              ),
            },
          ]}
          footer={() => t('rules.total', { n: shown.length })}
        />
      </Card>
      {(overrides.data ?? []).length > 0 && (
        <Card title={t('rules.override.history')} style={{ marginTop: 16 }} data-testid="rule-overrides">
          <Table<RuleOverrideRow>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={overrides.data ?? []}
            scroll={{ x: 800 }}
            columns={[
              { title: t('rules.col.summary'), dataIndex: 'summary' },
              { title: t('rules.override.org'), dataIndex: 'orgName', width: 140 },
              { title: t('rules.override.effectiveFrom'), dataIndex: 'effectiveFrom', width: 120 },
              {
                title: t('rules.override.document'),
                dataIndex: 'document',
                render: (d: string, o) => (
                  <>
                    {d}
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {o.reason} · {o.actorName}
                      </Typography.Text>
                    </div>
                  </>
                ),
              },
              {
                title: t('rules.col.tag'),
                dataIndex: 'inForce',
                width: 110,
                render: (v: boolean, o) =>
                  v ? (
                    <Tag color="blue">{t('rules.override.inForce')}</Tag>
                  ) : (
                    <Tag>
                      {o.effectiveFrom > (toIsoToday() ?? '')
                        ? t('rules.override.pending')
                        : t('rules.override.replaced')}
                    </Tag>
                  ),
              },
            ]}
          />
        </Card>
      )}
      {editing && me && (
        <OverrideModal
          rule={editing}
          orgId={me.orgId}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            rules.reload();
            overrides.reload();
          }}
        />
      )}
    </div>
  );
}

import { Flex, Grid, List, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import type { VillageCaseSummary } from '../../../../contracts/village.ts';
import {
  VILLAGE_CASE_STATE_LABELS,
  VILLAGE_FLAG_LABELS,
  VILLAGE_STEP_LABELS,
  VILLAGE_STEPS,
  type VillageCaseState,
} from '../../../../domain/village/vocab.ts';
import { label, tm, useI18n } from '../../../lib/i18n.ts';

const STATE_COLOR: Record<VillageCaseState, string> = { open: 'processing', rejected: 'default', done: 'success' };

export function StateTag({ state }: { state: VillageCaseState }) {
  return <Tag color={STATE_COLOR[state]}>{label(VILLAGE_CASE_STATE_LABELS[state])}</Tag>;
}

/** The flags of a case as tags, each with its message (and the rule it rests on) on hover. */
export function FlagTags({ c }: { c: Pick<VillageCaseSummary, 'flags'> }) {
  const seen = new Set<string>();
  return (
    <Flex wrap gap={4}>
      {c.flags.map((f) => {
        if (seen.has(f.flag)) return null;
        seen.add(f.flag);
        return (
          <Tooltip key={f.flag} title={tm(f.msg, f.message)}>
            <Tag color={f.flag === 'lateDisclosure' ? 'red' : 'orange'} data-testid={`village-flag-${f.flag}`}>
              {label(VILLAGE_FLAG_LABELS[f.flag])}
            </Tag>
          </Tooltip>
        );
      })}
    </Flex>
  );
}

/**
 * The cases of a subtree: a table with each step's day on a wide screen (the town's desk), a list on a phone (the
 * village), each case linking to its page.
 */
export function CaseList({ items, showOrg }: { items: readonly VillageCaseSummary[]; showOrg: boolean }) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  if (screens.md === false) {
    return (
      <List
        data-testid="village-list"
        dataSource={[...items]}
        locale={{ emptyText: t('village.none') }}
        renderItem={(c) => {
          const done = VILLAGE_STEPS.filter((s) => c.stepDays[s]).length;
          return (
            <List.Item key={c.id}>
              <List.Item.Meta
                title={<Link to={`/village/${c.id}`}>{c.matter}</Link>}
                description={
                  <Flex vertical gap={4}>
                    <Typography.Text type="secondary">
                      {showOrg ? `${c.orgName} · ` : ''}
                      {label(c.kindLabel)}
                    </Typography.Text>
                    <Flex wrap gap={4} align="center">
                      <StateTag state={c.state} />
                      <Typography.Text type="secondary">
                        {c.next
                          ? t('village.progress', { done, next: label(VILLAGE_STEP_LABELS[c.next]) })
                          : t('village.progressDone', { done })}
                      </Typography.Text>
                    </Flex>
                    <FlagTags c={c} />
                  </Flex>
                }
              />
            </List.Item>
          );
        }}
      />
    );
  }
  return (
    <Table<VillageCaseSummary>
      data-testid="village-table"
      size="small"
      rowKey="id"
      dataSource={[...items]}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 1200 }}
      locale={{ emptyText: t('village.none') }}
      columns={[
        ...(showOrg ? [{ title: t('village.colOrg'), dataIndex: 'orgName', width: 140, fixed: 'left' as const }] : []),
        {
          title: t('village.colMatter'),
          dataIndex: 'matter',
          width: 200,
          render: (v: string, c) => <Link to={`/village/${c.id}`}>{v}</Link>,
        },
        {
          title: t('village.colKind'),
          dataIndex: 'kind',
          width: 160,
          render: (_: string, c) => (
            <Typography.Text ellipsis={{ tooltip: true }}>{label(c.kindLabel)}</Typography.Text>
          ),
        },
        ...VILLAGE_STEPS.map((s) => ({
          title: label(VILLAGE_STEP_LABELS[s]),
          key: s,
          width: 100,
          render: (_: unknown, c: VillageCaseSummary) => c.stepDays[s] ?? '—',
        })),
        {
          title: t('village.colState'),
          dataIndex: 'state',
          width: 90,
          render: (v: VillageCaseState) => <StateTag state={v} />,
        },
        { title: t('village.colFlags'), key: 'flags', width: 200, render: (_: unknown, c) => <FlagTags c={c} /> },
      ]}
    />
  );
}

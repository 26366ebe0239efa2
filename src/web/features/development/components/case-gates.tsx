import { Table, Tag } from 'antd';
import type { DevelopmentCaseDetail } from '../../../../contracts/development.ts';
import { GATE_STATUS_LABELS } from '../../../../domain/people/development-steps.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { RuleCite } from './rule-cite.tsx';

type Gate = DevelopmentCaseDetail['gates'][number];
const COLOR = {
  met: 'green',
  open: 'blue',
  waiting: 'default',
  due: 'orange',
  late: 'red',
  exception: 'purple',
} as const;

/** The gates of a case: the rule (its summary and citation), how it stands, the day it opens or falls due. */
export function CaseGates({ gates }: { gates: Gate[] }) {
  const { t, label } = useI18n();
  return (
    <Table<Gate>
      data-testid="dev-gates"
      rowKey={(g) => g.rule.id}
      size="small"
      pagination={false}
      dataSource={gates}
      scroll={{ x: 640 }}
      columns={[
        {
          title: t('dev.gate.rule'),
          key: 'rule',
          render: (_: unknown, g) => (
            <div>
              <div>{g.rule.summary}</div>
              <RuleCite rule={g.rule} />
            </div>
          ),
        },
        {
          title: t('dev.gate.status'),
          dataIndex: 'status',
          width: 110,
          render: (s: Gate['status']) => <Tag color={COLOR[s]}>{label(GATE_STATUS_LABELS[s])}</Tag>,
        },
        {
          title: t('dev.gate.day'),
          key: 'day',
          width: 200,
          render: (_: unknown, g) =>
            [g.opensOn && t('dev.gate.opensOn', { on: g.opensOn }), g.dueOn && t('dev.gate.dueOn', { on: g.dueOn })]
              .filter(Boolean)
              .join('；') || '—',
        },
      ]}
    />
  );
}

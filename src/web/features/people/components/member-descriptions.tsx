import { Card, Descriptions, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { MemberDetail } from '../../../../contracts/people.ts';
import { POSITION_TITLE_LABELS, type PositionTitle } from '../../../../domain/org/vocab.ts';
import { EDUCATION_LABELS, GENDER_LABELS, VILLAGE_COMMITTEE_POST_LABELS } from '../../../../domain/people/vocab.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { FlagTags, StatusTag } from './member-tags.tsx';

type PositionItem = MemberDetail['positions'][number];

/** A member's record and the positions they hold or held. `linkOrgs` is off for a member's own view. */
export function MemberDescriptions({ member: m, linkOrgs = true }: { member: MemberDetail; linkOrgs?: boolean }) {
  const { t, label } = useI18n();
  const dash = (v: string | null | undefined) => v || '—';
  const titleLabel = (v: string) => (v in POSITION_TITLE_LABELS ? label(POSITION_TITLE_LABELS[v as PositionTitle]) : v);

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          column={{ xs: 1, sm: 2, lg: 3 }}
          size="middle"
          items={[
            { key: 'name', label: t('member.name'), children: m.name },
            { key: 'gender', label: t('member.gender'), children: m.gender ? label(GENDER_LABELS[m.gender]) : '—' },
            { key: 'ethnicity', label: t('member.ethnicity'), children: dash(m.ethnicity) },
            {
              // A reduced view has the year and month only (出生年月), and the age counted by month.
              key: 'birthDate',
              label: m.birthDate || !m.birthYearMonth ? t('member.birthDate') : t('member.birthYearMonth'),
              children:
                m.birthDate || m.birthYearMonth
                  ? `${m.birthDate ?? m.birthYearMonth}${m.age !== null ? t('member.ageSuffix', { n: m.age }) : ''}`
                  : '—',
            },
            {
              key: 'education',
              label: t('member.education'),
              children: m.education ? label(EDUCATION_LABELS[m.education]) : '—',
            },
            {
              key: 'idNumber',
              label: t('member.idNumber'),
              children: m.idNumber ? (
                <>
                  <Typography.Text style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}>
                    {m.idNumber}
                  </Typography.Text>
                  {m.idNumberMasked && <Tag style={{ marginInlineStart: 8 }}>{t('member.masked')}</Tag>}
                </>
              ) : (
                '—'
              ),
            },
            { key: 'phone', label: t('member.phone'), children: dash(m.phone) },
            { key: 'status', label: t('member.status'), children: <StatusTag status={m.status} /> },
            {
              key: 'flags',
              label: t('member.flags'),
              children:
                m.isFloating || m.isRetired ? (
                  <FlagTags floating={m.isFloating} retired={m.isRetired} />
                ) : (
                  t('common.none')
                ),
            },
            {
              key: 'org',
              label: t('member.org'),
              span: { xs: 1, sm: 2, lg: 3 },
              children: (
                <>
                  {linkOrgs ? <Link to={`/orgs/${m.orgId}`}>{m.orgName}</Link> : m.orgName}
                  {m.orgPathNames.length > 1 && (
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                      {m.orgPathNames.slice(0, -1).join(' / ')}
                    </Typography.Text>
                  )}
                </>
              ),
            },
            ...(m.villageCommitteePost
              ? [
                  {
                    key: 'villageCommitteePost',
                    label: t('member.villageCommitteePost'),
                    children: label(VILLAGE_COMMITTEE_POST_LABELS[m.villageCommitteePost]),
                  },
                ]
              : []),
            { key: 'appliedOn', label: t('member.appliedOn'), children: dash(m.appliedOn) },
            { key: 'joinDate', label: t('member.joinDate'), children: dash(m.joinDate) },
            { key: 'fullDate', label: t('member.fullDate'), children: dash(m.fullDate) },
            { key: 'updatedAt', label: t('member.updatedAt'), children: formatDateTime(m.updatedAt) },
          ]}
        />
      </Card>
      <Card title={t('member.positions')} style={{ marginBottom: 16 }}>
        <Table<PositionItem>
          size="middle"
          rowKey={(p) => `${p.orgId}-${p.title}-${p.startedOn}`}
          dataSource={m.positions}
          pagination={false}
          scroll={{ x: 600 }}
          locale={{ emptyText: t('member.noPositions') }}
          columns={[
            {
              title: t('member.positionOrg'),
              dataIndex: 'orgName',
              render: (v: string, p) => (linkOrgs ? <Link to={`/orgs/${p.orgId}`}>{v}</Link> : v),
            },
            { title: t('committee.colTitle'), dataIndex: 'title', width: 120, render: titleLabel },
            { title: t('committee.colPortfolio'), dataIndex: 'portfolio', render: (v: string | null) => v || '—' },
            { title: t('committee.colSince'), dataIndex: 'startedOn', width: 120 },
            {
              title: t('committee.endedOn'),
              dataIndex: 'endedOn',
              width: 120,
              render: (v: string | null) => v ?? <Tag color="success">{t('member.inOffice')}</Tag>,
            },
          ]}
        />
      </Card>
    </>
  );
}

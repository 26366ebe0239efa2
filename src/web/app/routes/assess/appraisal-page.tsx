import { Alert, Button, Card, DatePicker, Empty, Flex, List, Space, Statistic, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { AppraisalDetail } from '../../../../contracts/appraisal.ts';
import { APPRAISAL_GRADE_LABELS, APPRAISAL_GRADES } from '../../../../domain/assess/appraisal.ts';
import { MEMBER_STATUS_LABELS } from '../../../../domain/people/vocab.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getAppraisal, getAppraisals, openAppraisal } from '../../../features/assess/appraisal/appraisal-api.ts';
import { DecisionForm } from '../../../features/assess/appraisal/decision-form.tsx';
import { HandlingCard } from '../../../features/assess/appraisal/handling-card.tsx';
import { MemberEntryModal } from '../../../features/assess/appraisal/member-entry-modal.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { label, type MessageKey, useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

type Member = AppraisalDetail['members'][number];
const GRADE_COLOR = { excellent: 'green', qualified: 'blue', basic: 'gold', unqualified: 'red' } as const;

function tallyText(t: { excellent: number; qualified: number; basic: number; unqualified: number }): string {
  return APPRAISAL_GRADES.map((g) => `${label(APPRAISAL_GRADE_LABELS[g]).slice(0, 1)}${t[g]}`).join(' ');
}

/**
 * /appraisal?orgId&year — 民主评议党员 of a branch, built for a secretary's phone: open the year's appraisal over the
 * roster as of a day, record each member's self-appraisal, peer appraisal and poll (tallies per grade), decide the
 * grades (优秀 at most one third), follow the handling of a member graded 不合格 with its reminders.
 */
export default function AppraisalPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const year = Number(q.get('year') ?? dayjs().subtract(1, 'month').year());
  const list = useRequest(() => getAppraisals({ orgId, year }), [orgId, year]);
  const own = list.data?.find((a) => a.orgId === orgId) ?? null;
  const [detail, setDetail] = useState<AppraisalDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asOf, setAsOf] = useState<Dayjs>(dayjs(`${year}-12-31`));
  const [dueOn, setDueOn] = useState<Dayjs | null>(null);
  const [editing, setEditing] = useState<Member | null>(null);
  const [opening, setOpening] = useState(false);
  useEffect(() => {
    setDetail(null);
    setAsOf(dayjs(`${year}-12-31`));
    if (!own) return;
    getAppraisal(own.id).then(setDetail, (e) => setError(errorMessage(e)));
  }, [own?.id, year]);
  const open = async () => {
    setOpening(true);
    setError(null);
    try {
      setDetail(
        await openAppraisal({
          orgId,
          year,
          asOf: asOf.format('YYYY-MM-DD'),
          ...(dueOn ? { dueOn: dueOn.format('YYYY-MM-DD') } : {}),
        }),
      );
      list.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setOpening(false);
    }
  };
  // A notification names the appraisal (?id=): its organisation and year are read from it.
  const byId = q.get('id');
  useEffect(() => {
    if (!byId) return;
    getAppraisal(Number(byId)).then(
      (d) => q.set({ id: null, orgId: d.orgId, year: d.year }),
      (e) => setError(errorMessage(e)),
    );
  }, [byId]);
  const canEdit = can('member:write');
  const others = (list.data ?? []).filter((a) => a.orgId !== orgId);
  return (
    <div data-testid="appraisal-page" style={{ maxWidth: 720 }}>
      <PageHeader
        title={t('appraisal.title')}
        subTitle={orgName ? t('life.subtitle', { org: orgName, year }) : undefined}
        extra={
          <DatePicker
            picker="year"
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            onChange={(v) => q.set({ year: v ? v.year() : null })}
            aria-label={t('life.year')}
          />
        }
      />
      <Flex vertical gap={16}>
        {error || list.error ? <Alert type="error" showIcon title={error ?? errorMessage(list.error)} /> : null}
        {list.data && !own ? (
          <Card size="small" title={t('appraisal.open')}>
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t('appraisal.openHelp')}</Typography.Text>
              {canEdit ? (
                <Flex gap={8} wrap>
                  <DatePicker
                    value={asOf}
                    onChange={(v) => v && setAsOf(v)}
                    allowClear={false}
                    aria-label={t('appraisal.asOf')}
                  />
                  <DatePicker
                    value={dueOn}
                    onChange={(v) => setDueOn(v)}
                    placeholder={t('appraisal.dueOnDefault')}
                    disabledDate={(d) => d.isBefore(asOf, 'day')}
                    aria-label={t('appraisal.dueOn')}
                    data-testid="appraisal-due-on"
                  />
                  <Button type="primary" loading={opening} onClick={() => void open()} data-testid="appraisal-open">
                    {t('appraisal.open')}
                  </Button>
                </Flex>
              ) : (
                <Empty description={t('appraisal.none')} />
              )}
            </Flex>
          </Card>
        ) : null}
        {detail ? (
          <>
            <Flex gap={24} wrap>
              <Statistic title={t('appraisal.members')} value={detail.memberCount} />
              <Statistic title={t('appraisal.excellentMax', { share: detail.share })} value={detail.excellentMax} />
              <Statistic title={t('appraisal.asOf')} value={detail.asOf} />
              <Statistic
                title={t('appraisal.dueOn')}
                value={detail.dueOn}
                valueStyle={detail.overdue ? { color: '#cf1322' } : undefined}
                suffix={detail.overdue ? <Tag color="red">{t('appraisal.overdue')}</Tag> : null}
              />
            </Flex>
            {detail.reminders.length > 0 ? (
              <Alert
                type="warning"
                showIcon
                data-testid="appraisal-reminders"
                title={t('appraisal.reminders')}
                description={
                  <Space direction="vertical" size={2}>
                    {detail.reminders.map((r) => (
                      <span key={`${r.kind}-${r.personId}`}>
                        {t(`appraisal.reminder.${r.kind}` as MessageKey, { name: r.name, date: r.on ?? '' })}
                      </span>
                    ))}
                  </Space>
                }
              />
            ) : null}
            <Card size="small" title={t('appraisal.roster')}>
              <List
                size="small"
                dataSource={detail.members}
                renderItem={(m) => (
                  <List.Item
                    data-testid={`appraisal-member-${m.personId}`}
                    extra={
                      canEdit ? (
                        <Button size="small" onClick={() => setEditing(m)} data-testid={`appraisal-edit-${m.personId}`}>
                          {t('appraisal.record')}
                        </Button>
                      ) : null
                    }
                  >
                    <Flex vertical gap={2}>
                      <Flex gap={6} wrap align="center">
                        <Typography.Text strong>{m.name}</Typography.Text>
                        <Tag>{label(MEMBER_STATUS_LABELS[m.status])}</Tag>
                        {m.grade ? (
                          <Tag color={GRADE_COLOR[m.grade]}>{label(APPRAISAL_GRADE_LABELS[m.grade])}</Tag>
                        ) : null}
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('appraisal.selfShort')}：{m.self ? (m.self.done ? t('common.yes') : t('common.no')) : '—'}
                        {'　'}
                        {t('appraisal.peerShort')}：{m.peer ? tallyText(m.peer.tallies) : '—'}
                        {'　'}
                        {t('appraisal.pollShort')}：{m.poll ? tallyText(m.poll.tallies) : '—'}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </Card>
            {canEdit ? <DecisionForm detail={detail} onSaved={setDetail} /> : null}
            {detail.handlings.length > 0 ? (
              <Flex vertical gap={8}>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('appraisal.handlings')}
                </Typography.Title>
                {detail.handlings.map((h) => (
                  <HandlingCard key={h.id} appraisalId={detail.id} handling={h} canEdit={canEdit} onSaved={setDetail} />
                ))}
              </Flex>
            ) : null}
            {detail.decisions.length > 0 ? (
              <Card size="small" title={t('appraisal.history')}>
                <List
                  size="small"
                  dataSource={detail.decisions}
                  renderItem={(x) => (
                    <List.Item>
                      <Typography.Text>
                        {x.decidedOn} {t(`appraisal.body.${x.body}`)}：
                        {APPRAISAL_GRADES.map((g) => `${label(APPRAISAL_GRADE_LABELS[g])} ${x.counts[g]}`).join('，')}
                        {x.meeting ? ` · ${x.meeting.heldOn} ${x.meeting.topic}` : ''}
                        {x.note ? ` · ${x.note}` : ''}（{x.actorName}）
                      </Typography.Text>
                    </List.Item>
                  )}
                />
              </Card>
            ) : null}
            <MemberEntryModal
              appraisalId={detail.id}
              member={editing}
              onClose={() => setEditing(null)}
              onSaved={setDetail}
            />
          </>
        ) : null}
        {others.length > 0 ? (
          <Card size="small" title={t('appraisal.below')}>
            <List
              size="small"
              dataSource={others}
              renderItem={(a) => (
                <List.Item>
                  <Typography.Text>
                    {a.orgName}：
                    {a.decided
                      ? t('appraisal.belowDecided', {
                          members: a.memberCount,
                          excellent: a.excellent,
                          unqualified: a.unqualified,
                        })
                      : t('appraisal.belowOpen', { members: a.memberCount })}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        ) : null}
      </Flex>
    </div>
  );
}

import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  List,
  Popconfirm,
  Select,
  Statistic,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { deleteTalk, getTalks, recordTalk } from '../../../features/life/api/talks.ts';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

type Values = { committeeId: number; memberId: number; heldOn: Dayjs; topic?: string };

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

/**
 * /life/talks — 谈心谈话 of a branch, built for a phone: two selects (the committee today, the roster), today's
 * date, an optional topic; the year's coverage and, per committee member, who has not been talked with yet.
 */
export default function TalksPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { orgId } = useOrgContext();
  const res = useRequest(() => getTalks({ orgId }), [orgId]);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = res.data;
  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      await recordTalk({
        orgId,
        committeeId: v.committeeId,
        memberId: v.memberId,
        heldOn: v.heldOn.format('YYYY-MM-DD'),
        ...(v.topic?.trim() ? { topic: v.topic.trim() } : {}),
      });
      form.setFieldsValue({ memberId: undefined as never, topic: '' });
      res.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div data-testid="talks-page" style={{ maxWidth: 640 }}>
      <PageHeader
        title={t('talks.title')}
        subTitle={d ? t('life.subtitle', { org: d.orgName, year: d.year }) : undefined}
      />
      {res.error ? <Alert type="error" showIcon title={errorMessage(res.error)} /> : null}
      {d ? (
        <Flex vertical gap={16}>
          <Flex gap={24} wrap>
            <div data-testid="talks-rate">
              <Statistic title={t('talks.coverage')} value={pct(d.coverage.rate)} />
            </div>
            <div data-testid="talks-done">
              <Statistic title={t('talks.doneOfDue')} value={`${d.coverage.done} / ${d.coverage.due}`} />
            </div>
          </Flex>
          {can('task:report') ? (
            <Card size="small" title={t('talks.record')}>
              <Form<Values>
                form={form}
                layout="vertical"
                onFinish={(v) => void submit(v)}
                initialValues={{ heldOn: dayjs(d.today), committeeId: d.committee[0]?.personId }}
                data-testid="talk-form"
              >
                {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
                <Form.Item name="committeeId" label={t('talks.committee')} rules={[{ required: true }]}>
                  <Select
                    data-testid="talk-committee"
                    options={d.committee.map((c) => ({ value: c.personId, label: `${c.name}（${label(c.title)}）` }))}
                  />
                </Form.Item>
                <Form.Item
                  name="memberId"
                  label={t('talks.member')}
                  rules={[{ required: true, message: t('talks.pickMember') }]}
                >
                  <Select
                    data-testid="talk-member"
                    showSearch
                    optionFilterProp="label"
                    options={d.roster.map((p) => ({ value: p.personId, label: p.name }))}
                  />
                </Form.Item>
                <Form.Item name="heldOn" label={t('talks.heldOn')} rules={[{ required: true }]}>
                  <DatePicker
                    style={{ width: '100%' }}
                    allowClear={false}
                    disabledDate={(x) => x.isAfter(dayjs(d.today), 'day')}
                  />
                </Form.Item>
                <Form.Item name="topic" label={t('talks.topic')}>
                  <Input maxLength={200} placeholder={t('talks.topicHelp')} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={saving} block data-testid="talk-save">
                  {t('common.save')}
                </Button>
              </Form>
            </Card>
          ) : null}
          <Card size="small" title={t('talks.byCommittee')}>
            <List
              size="small"
              dataSource={d.coverage.byCommittee}
              renderItem={(c) => (
                <List.Item>
                  <List.Item.Meta
                    title={`${c.name ?? label(c.title)} · ${c.done} / ${c.due}`}
                    description={
                      c.missing === 0
                        ? t('talks.allDone')
                        : t('talks.notYet', { names: c.missingNames?.join('、') ?? String(c.missing) })
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('talks.list')}>
            <List
              size="small"
              data-testid="talks-list"
              dataSource={d.items}
              locale={{ emptyText: t('talks.none') }}
              renderItem={(i) => (
                <List.Item
                  actions={
                    can('task:report')
                      ? [
                          <Popconfirm
                            key="del"
                            title={t('talks.deleteConfirm')}
                            onConfirm={() => void deleteTalk(i.id).then(() => res.reload())}
                          >
                            <Button size="small" type="link" danger>
                              {t('talks.delete')}
                            </Button>
                          </Popconfirm>,
                        ]
                      : []
                  }
                >
                  <Typography.Text>
                    {i.heldOn} {i.committeeName} → {i.memberName}
                    {i.topic ? `：${i.topic}` : ''}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Flex>
      ) : null}
    </div>
  );
}

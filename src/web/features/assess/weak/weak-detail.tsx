import { Alert, Button, Card, Checkbox, DatePicker, Flex, Input, List, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { WeakDetail } from '../../../../contracts/appraisal.ts';
import { PROBLEM_STATE_LABELS, type ProblemState } from '../../../../domain/rectify/problem-state.ts';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { addMeasure, recordCheck, setLeader } from './weak-api.ts';

/** One write of the detail: runs it, shows its error, hands the new detail back. */
function useWrite(onSaved: (d: WeakDetail) => void) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<WeakDetail>, after?: () => void) => {
    setSaving(true);
    setError(null);
    try {
      onSaved(await fn());
      after?.();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, run };
}

/**
 * A designation: reasons, leader, the measures (problems of the rectify area, linked), the acceptance checks; and, for
 * the designating side, the forms to add a measure, change the leader and record a check (转化验收).
 */
export function WeakDetailCard(props: { detail: WeakDetail; onSaved: (d: WeakDetail) => void }) {
  const { t } = useI18n();
  const d = props.detail;
  const w = useWrite(props.onSaved);
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const [leader, setLeaderName] = useState('');
  const [post, setPost] = useState('');
  const [checkedOn, setCheckedOn] = useState<Dayjs>(dayjs());
  const [checker, setChecker] = useState('');
  const [passed, setPassed] = useState(true);
  const [note, setNote] = useState('');
  const lifted = d.state === 'lifted';
  return (
    <Card size="small" title={d.orgName} data-testid={`weak-detail-${d.id}`}>
      <Flex vertical gap={12}>
        {w.error ? <Alert type="error" showIcon title={w.error} data-testid="weak-error" /> : null}
        <Typography.Text>{t('weak.by', { org: d.designatorName, on: d.designatedOn, due: d.dueOn })}</Typography.Text>
        <Flex gap={4} wrap>
          {d.reasons.map((r) => (
            <Tag key={r.code}>{label(r)}</Tag>
          ))}
          {d.otherReason ? <Tag>{d.otherReason}</Tag> : null}
          {d.round ? (
            <Tag color="red">{t('weak.fromRound', { name: d.round.name, total: d.round.total ?? '—' })}</Tag>
          ) : null}
        </Flex>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('weak.measures')}
        </Typography.Title>
        <List
          size="small"
          locale={{ emptyText: t('weak.noMeasures') }}
          dataSource={d.measureList}
          renderItem={(m) => (
            <List.Item>
              <Flex gap={6} wrap align="center">
                <Link to={`/problems/${m.problemId}`}>{m.title}</Link>
                <Tag color={m.state === 'closed' ? 'green' : m.overdue ? 'red' : 'blue'}>
                  {label(PROBLEM_STATE_LABELS[m.state as ProblemState])}
                </Tag>
                {m.deadline ? <Typography.Text type="secondary">{m.deadline}</Typography.Text> : null}
              </Flex>
            </List.Item>
          )}
        />
        {d.canManage && !lifted ? (
          <Flex gap={8} wrap>
            <Input
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              maxLength={300}
              placeholder={t('weak.measure')}
              style={{ flex: '1 1 200px' }}
            />
            <DatePicker value={deadline} onChange={setDeadline} placeholder={t('weak.measureDeadline')} />
            <Button
              loading={w.saving}
              disabled={!title.trim() || !deadline}
              data-testid="weak-add-measure"
              onClick={() =>
                void w.run(
                  () => addMeasure(d.id, { title: title.trim(), deadline: deadline!.format('YYYY-MM-DD') }),
                  () => {
                    setTitle('');
                    setDeadline(null);
                  },
                )
              }
            >
              {t('weak.addMeasure')}
            </Button>
          </Flex>
        ) : null}
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('weak.leader')}
        </Typography.Title>
        <Typography.Text>
          {d.leader ? `${d.leader.name}${d.leader.post ? `（${d.leader.post}）` : ''}` : t('weak.noLeader')}
        </Typography.Text>
        {d.canManage ? (
          <Flex gap={8} wrap>
            <Input
              value={leader}
              onChange={(e) => setLeaderName(e.target.value)}
              placeholder={t('weak.leader')}
              style={{ width: 140 }}
            />
            <Input
              value={post}
              onChange={(e) => setPost(e.target.value)}
              placeholder={t('weak.leaderPost')}
              style={{ width: 180 }}
            />
            <Button
              loading={w.saving}
              disabled={!leader.trim()}
              onClick={() =>
                void w.run(
                  () => setLeader(d.id, { name: leader.trim(), post: post.trim() }),
                  () => {
                    setLeaderName('');
                    setPost('');
                  },
                )
              }
            >
              {t('weak.setLeader')}
            </Button>
          </Flex>
        ) : null}
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('weak.checks')}
        </Typography.Title>
        <List
          size="small"
          locale={{ emptyText: t('weak.noChecks') }}
          dataSource={d.checks}
          renderItem={(c) => (
            <List.Item>
              <Typography.Text>
                {c.checkedOn} {c.checker}：
                <Tag color={c.passed ? 'green' : 'red'}>{c.passed ? t('weak.passed') : t('weak.notPassed')}</Tag>
                {c.note}
              </Typography.Text>
            </List.Item>
          )}
        />
        {d.canManage && !lifted ? (
          <Flex vertical gap={8}>
            <Flex gap={8} wrap align="center">
              <DatePicker value={checkedOn} onChange={(v) => v && setCheckedOn(v)} allowClear={false} />
              <Input
                value={checker}
                onChange={(e) => setChecker(e.target.value)}
                placeholder={t('weak.checker')}
                maxLength={100}
                style={{ width: 180 }}
              />
              <Checkbox checked={passed} onChange={(e) => setPassed(e.target.checked)}>
                {t('weak.passed')}
              </Checkbox>
            </Flex>
            <Input.TextArea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              rows={2}
              maxLength={2000}
              placeholder={t('appraisal.note')}
            />
            <Button
              loading={w.saving}
              disabled={!checker.trim()}
              data-testid="weak-check"
              onClick={() =>
                void w.run(
                  () =>
                    recordCheck(d.id, {
                      checkedOn: checkedOn.format('YYYY-MM-DD'),
                      checker: checker.trim(),
                      passed,
                      note,
                    }),
                  () => setNote(''),
                )
              }
            >
              {t('weak.recordCheck')}
            </Button>
          </Flex>
        ) : null}
      </Flex>
    </Card>
  );
}

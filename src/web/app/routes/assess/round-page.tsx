import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  List,
  Progress,
  Skeleton,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ROUND_STATE_LABELS, ROUND_STATES } from '../../../../domain/assess/round-state.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import {
  answerObjection,
  getRound,
  type Objection,
  type RoundDetail,
  raiseObjection,
  transitionRound,
} from '../../../features/assess/api/assess.ts';
import { levelText, RoundStateTag } from '../../../features/assess/components/assess-tags.tsx';
import { RoundProgressBar } from '../../../features/assess/components/round-progress.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /assess/rounds/:id — one round: its state and (for the issuer) the button to the next step; the organisations
 * assessed with their progress (自评 entered, 评分 entered); during 公示 the objections — raised by an assessed
 * organisation, answered by the issuer; the revisions after 确定.
 */
export default function RoundPage() {
  const { t, label } = useI18n();
  const { modal, message } = App.useApp();
  const me = useMe();
  const { can } = useSession();
  const id = Number(useParams().id);
  const res = useRequest(() => getRound(id), [id]);
  const [round, setRound] = useState<RoundDetail | null>(null);
  const [moving, setMoving] = useState(false);
  useEffect(() => setRound(res.data ?? null), [res.data]);
  const r = round && round.id === id ? round : null;

  useEffect(() => {
    if (r) document.title = `${r.name} · ${t('app.name')}`;
  }, [r, t]);

  if (res.error && !r) return <ErrorResult error={res.error} onRetry={res.reload} />;
  if (!r) return <Skeleton active paragraph={{ rows: 10 }} />;

  const next = r.next;
  const move = async (to: NonNullable<typeof next>) => {
    setMoving(true);
    try {
      setRound(await transitionRound(r.id, to));
      void message.success(t('assess.roundPage.moved', { state: label(ROUND_STATE_LABELS[to]) }));
    } catch (e) {
      void modal.error({ title: t('assess.roundPage.moveFailed'), content: errorMessage(e) });
    } finally {
      setMoving(false);
    }
  };
  const advance = () => {
    if (!next) return;
    modal.confirm({
      title: t('assess.roundPage.nextConfirm', { state: label(ROUND_STATE_LABELS[next]) }),
      content: next === 'draft' ? undefined : t(`assess.roundPage.nextHint.${next}`),
      okText: t('assess.roundPage.next', { state: label(ROUND_STATE_LABELS[next]) }),
      // Closing scoring and 确定 score the whole round (tens of seconds on a city): the dialog closes at once and
      // the page shows the server's progress meanwhile.
      onOk: () => {
        void move(next);
      },
    });
  };
  const resultsVisible = r.isIssuer || r.state === 'publicity' || r.state === 'final';
  const myOrg = r.orgs.find((o) => o.id === me.orgId);
  const canObject = r.state === 'publicity' && !!myOrg && can('task:report');
  const canAnswer = r.isIssuer && can('task:assign') && (r.state === 'publicity' || r.state === 'final');

  return (
    <div data-testid="assess-round-page">
      <PageHeader
        title={r.name}
        tags={<RoundStateTag state={r.state} />}
        subTitle={t('assess.roundPage.subtitle', { org: r.orgName, year: r.year, n: r.orgCount })}
        extra={
          <Space wrap>
            <Link to={`/assess?year=${r.year}`}>{t('assess.title')}</Link>
            {resultsVisible && (
              <Link to={`/assess/rounds/${r.id}/results`}>
                <Button data-testid="round-results-link">{t('assess.roundPage.results')}</Button>
              </Link>
            )}
            {next && (
              <Button type="primary" onClick={advance} loading={moving} data-testid="round-next">
                {t('assess.roundPage.next', { state: label(ROUND_STATE_LABELS[next]) })}
              </Button>
            )}
          </Space>
        }
      />
      <RoundProgressBar roundId={r.id} active={moving} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Steps
          size="small"
          current={ROUND_STATES.indexOf(r.state)}
          items={ROUND_STATES.map((s) => ({ title: label(ROUND_STATE_LABELS[s]) }))}
          style={{ marginBottom: 12 }}
        />
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'self', label: t('assess.field.selfDue'), children: formatDate(r.selfDue) },
            { key: 'score', label: t('assess.field.scoreDue'), children: formatDate(r.scoreDue) },
            { key: 'cutoff', label: t('assess.field.cutoff'), children: formatDate(r.cutoff) },
            {
              key: 'pub',
              label: t('assess.field.publicity'),
              children: `${formatDate(r.publicityFrom)} ～ ${formatDate(r.publicityTo)}`,
            },
            { key: 'system', label: t('assess.roundPage.system'), children: r.system.name },
            { key: 'tie', label: t('assess.tieBreak'), children: r.tieBreak },
          ]}
        />
      </Card>
      <Card size="small" title={t('assess.roundPage.orgs')} style={{ marginBottom: 12 }}>
        <Table<RoundDetail['orgs'][number]>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={r.orgs}
          scroll={{ x: 640 }}
          data-testid="round-orgs"
          columns={[
            {
              title: t('assess.result.org'),
              dataIndex: 'name',
              render: (v: string, o) =>
                r.state === 'draft' ? (
                  v
                ) : (
                  <Link to={`/assess/rounds/${r.id}/orgs/${o.id}`} style={{ fontWeight: 600 }}>
                    {v}
                  </Link>
                ),
            },
            {
              title: t('assess.roundPage.selfEntered'),
              key: 'self',
              width: 170,
              render: (_, o) => <Ratio done={o.selfEntered} of={o.leaves} />,
            },
            {
              title: t('assess.roundPage.scored'),
              key: 'scored',
              width: 170,
              render: (_, o) => <Ratio done={o.scored} of={o.leaves} />,
            },
            {
              title: t('assess.roundPage.manualLevel'),
              dataIndex: 'manualLevel',
              width: 130,
              render: (v: number | null) => (v === null ? '—' : levelText(v)),
            },
          ]}
        />
      </Card>
      {(r.state === 'publicity' || r.state === 'final' || r.objections.length > 0) && (
        <Card size="small" title={t('assess.objections')} style={{ marginBottom: 12 }} data-testid="round-objections">
          {canObject && myOrg && (
            <ObjectionForm roundId={r.id} orgId={myOrg.id} orgName={myOrg.name} onDone={setRound} />
          )}
          <List<Objection>
            dataSource={r.objections}
            locale={{ emptyText: t('assess.objectionsEmpty') }}
            renderItem={(j) => (
              <List.Item data-testid="objection">
                <Flex vertical gap={4} style={{ width: '100%' }}>
                  <Typography.Text>
                    <Tag>{j.orgName}</Tag>
                    {j.text}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('assess.objectionBy', { name: j.actorName, at: formatDateTime(j.at) })}
                  </Typography.Text>
                  {j.answer !== null ? (
                    <Alert
                      type="success"
                      title={t('assess.answerText', { text: j.answer })}
                      description={t('assess.answeredBy', {
                        name: j.answeredName ?? '',
                        at: formatDateTime(j.answeredAt),
                      })}
                    />
                  ) : canAnswer ? (
                    <AnswerForm objectionId={j.id} onDone={setRound} />
                  ) : (
                    <Tag color="orange" style={{ alignSelf: 'flex-start' }}>
                      {t('assess.notAnswered')}
                    </Tag>
                  )}
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      )}
      {r.revisions.length > 0 && (
        <Card size="small" title={t('assess.revisions')} data-testid="round-revisions">
          <List
            dataSource={r.revisions}
            renderItem={(v) => (
              <List.Item>
                <Flex vertical gap={2}>
                  <Typography.Text>
                    {t('assess.revisionLine', {
                      org: r.orgs.find((o) => o.id === v.orgId)?.name ?? String(v.orgId),
                      indicator: v.indicatorId,
                      reason: v.reason,
                    })}
                  </Typography.Text>
                  {v.changes.map((c) => (
                    <Typography.Text key={c.orgId} type="secondary" style={{ fontSize: 12 }}>
                      {t('assess.revisionChange', {
                        org: c.name,
                        oldTotal: c.old.total ?? '—',
                        newTotal: c.new.total ?? '—',
                        oldLevel: levelText(c.old.level),
                        newLevel: levelText(c.new.level),
                        oldRank: c.old.rank ?? '—',
                        newRank: c.new.rank ?? '—',
                      })}
                    </Typography.Text>
                  ))}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('assess.objectionBy', { name: v.actorName, at: formatDateTime(v.at) })}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      )}
    </div>
  );
}

function Ratio({ done, of }: { done: number; of: number }) {
  return (
    <Flex gap={6} align="center">
      <Progress
        percent={of > 0 ? Math.round((done / of) * 100) : 0}
        size="small"
        showInfo={false}
        style={{ width: 70 }}
      />
      <span>
        {done}/{of}
      </span>
    </Flex>
  );
}

/** A text sent to the server; the answer (the round) handed on, the server's refusal shown under the box. */
function useSend(send: (text: string) => Promise<RoundDetail>, onDone: (r: RoundDetail) => void, empty: string) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (done: string) => {
    setError(null);
    if (!text.trim()) return setError(empty);
    setBusy(true);
    try {
      const r = await send(text.trim());
      setText('');
      void message.success(done);
      onDone(r);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { text, setText, busy, error, submit };
}

function ObjectionForm({
  roundId,
  orgId,
  orgName,
  onDone,
}: {
  roundId: number;
  orgId: number;
  orgName: string;
  onDone: (r: RoundDetail) => void;
}) {
  const { t } = useI18n();
  const f = useSend((text) => raiseObjection(roundId, orgId, text), onDone, t('assess.objectionRequired'));
  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }} data-testid="objection-form">
      <Typography.Text>{t('assess.objectionIntro', { org: orgName })}</Typography.Text>
      <Input.TextArea
        rows={3}
        maxLength={2000}
        value={f.text}
        onChange={(e) => f.setText(e.target.value)}
        aria-label={t('assess.objectionText')}
      />
      {f.error && <Alert type="error" showIcon title={f.error} />}
      <Button
        type="primary"
        onClick={() => f.submit(t('assess.objectionSent'))}
        loading={f.busy}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('assess.objectionSubmit')}
      </Button>
    </Flex>
  );
}

function AnswerForm({ objectionId, onDone }: { objectionId: number; onDone: (r: RoundDetail) => void }) {
  const { t } = useI18n();
  const f = useSend((text) => answerObjection(objectionId, text), onDone, t('assess.answerRequired'));
  return (
    <Flex vertical gap={6} data-testid="answer-form">
      <Input.TextArea
        rows={2}
        maxLength={2000}
        value={f.text}
        onChange={(e) => f.setText(e.target.value)}
        aria-label={t('assess.answer')}
      />
      {f.error && <Alert type="error" showIcon title={f.error} />}
      <Button onClick={() => f.submit(t('assess.answerSent'))} loading={f.busy} style={{ alignSelf: 'flex-start' }}>
        {t('assess.answerSubmit')}
      </Button>
    </Flex>
  );
}

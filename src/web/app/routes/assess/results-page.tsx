import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import {
  getResults,
  getRound,
  getStars,
  type Result,
  type ResultLine,
  type RoundResults,
  recordsPage,
  resultsFileUrl,
  setLevel,
} from '../../../features/assess/api/assess.ts';
import { levelText, methodLabel, RoundStateTag } from '../../../features/assess/components/assess-tags.tsx';
import { LazyStarsChart } from '../../../features/assess/components/lazy-stars-chart.tsx';
import { RevisionModal } from '../../../features/assess/components/revision-modal.tsx';
import { RoundProgressBar } from '../../../features/assess/components/round-progress.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { type MessageKey, useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';
import { useRequest } from '../../../lib/use-request.ts';

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(Math.round(n * 100) / 100));

/**
 * /assess/rounds/:id/results — the ranking (序号, 单位, each first-level indicator, 加减分, 总分, 等次, 排名) with the
 * stated tie-break; a row opens every indicator's explanation (indicator → method → what was counted, with a link to
 * the records); the issuer sets a grade by hand during 评分 and 公示 (a grade over its quota is refused as the server
 * says) and the extra conditions on record (e.g. 创新项目); after 确定 the issuer 修订 one organisation's entry with a
 * reason; the star distribution by level, against last year (晋级/降级 from GET /api/assess/stars).
 */
export default function ResultsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const me = useMe();
  const id = Number(useParams().id);
  const res = useRequest(() => getResults(id), [id]);
  const round = useRequest(() => getRound(id), [id]);
  const [data, setData] = useState<RoundResults | null>(null);
  useEffect(() => setData(res.data ?? null), [res.data]);
  const d = data && data.round.id === id ? data : null;
  const issuer = !!d?.round.isIssuer;
  const stars = useRequest(
    () => getStars({ ...(issuer ? { orgId: d!.round.orgId } : {}), year: d!.round.year }),
    [d?.round.id, d?.round.state, issuer],
    !!d,
  );
  const [levelError, setLevelError] = useState<string | null>(null);
  const [busyOrg, setBusyOrg] = useState<number | null>(null);
  const [revising, setRevising] = useState<{ id: number; name: string } | null>(null);

  useEffect(() => {
    if (d) document.title = `${d.round.name} · ${t('assess.result.title')} · ${t('app.name')}`;
  }, [d, t]);

  if (res.error && !d) return <ErrorResult error={res.error} onRetry={res.reload} />;
  if (!d)
    return (
      <>
        <RoundProgressBar roundId={id} active={res.loading} />
        <Skeleton active paragraph={{ rows: 10 }} />
      </>
    );

  const r = d.round;
  const grading = round.data?.grading as { bands?: { level: number; requires?: string[] }[] } | undefined;
  const levels = [...new Set((grading?.bands ?? [5, 4, 3, 2, 1].map((level) => ({ level }))).map((b) => b.level))].sort(
    (a, b) => b - a,
  );
  const canGrade = issuer && can('task:assign') && (r.state === 'scoring' || r.state === 'publicity');
  const canRevise = issuer && can('task:assign') && r.state === 'final';
  // The conditions a band asks for (e.g. 创新项目); others can be typed.
  const conditionNames = [...new Set((grading?.bands ?? []).flatMap((b) => b.requires ?? []))];
  const lastYear: Record<string, number> | null = stars.data?.orgs.some((o) => o.lastYear !== null)
    ? stars.data.orgs.reduce<Record<string, number>>((acc, o) => {
        if (o.lastYear !== null) acc[String(o.lastYear)] = (acc[String(o.lastYear)] ?? 0) + 1;
        return acc;
      }, {})
    : null;

  const grade = async (orgId: number, body: { level?: number | null; conditions?: string[] }) => {
    setLevelError(null);
    setBusyOrg(orgId);
    try {
      setData(await setLevel(r.id, orgId, body));
      void message.success(t(body.conditions ? 'assess.result.conditionsSet' : 'assess.result.levelSet'));
    } catch (e) {
      setLevelError(errorMessage(e));
    } finally {
      setBusyOrg(null);
    }
  };

  return (
    <div data-testid="assess-results-page">
      <PageHeader
        title={t('assess.result.titleOf', { name: r.name })}
        tags={<RoundStateTag state={r.state} />}
        subTitle={t('assess.roundPage.subtitle', { org: r.orgName, year: r.year, n: r.orgCount })}
        extra={
          <Space wrap>
            <Link to={`/assess/rounds/${r.id}`}>{t('assess.result.backToRound')}</Link>
            <Button icon={<DownloadOutlined />} href={resultsFileUrl(r.id, 'xlsx')} download data-testid="results-xlsx">
              {t('assess.result.xlsx')}
            </Button>
            <Button icon={<DownloadOutlined />} href={resultsFileUrl(r.id, 'docx')} download data-testid="results-docx">
              {t('assess.result.docx')}
            </Button>
            <Button icon={<DownloadOutlined />} href={resultsFileUrl(r.id, 'pdf')} download data-testid="results-pdf">
              {t('assess.result.pdf')}
            </Button>
          </Space>
        }
      />
      {(r.state === 'scoring' || r.state === 'self_assessment' || r.state === 'draft') && (
        <Alert type="info" showIcon title={t('assess.result.live')} style={{ marginBottom: 12 }} />
      )}
      <Alert
        type="info"
        title={t('assess.result.tieBreak', { text: d.tieBreak })}
        style={{ marginBottom: 12 }}
        data-testid="tie-break"
      />
      {levelError && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setLevelError(null)}
          title={levelError}
          style={{ marginBottom: 12 }}
          data-testid="level-error"
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Table<Result>
          rowKey="orgId"
          size="small"
          pagination={false}
          dataSource={d.results}
          scroll={{ x: 560 + d.firstLevel.length * 80 + (canRevise ? 64 : 0) }}
          data-testid="results-table"
          expandable={{
            expandedRowRender: (x) => <Explanation result={x} />,
            rowExpandable: (x) => x.lines.length > 0 || x.problems.length > 0,
          }}
          columns={[
            { title: t('assess.result.no'), key: 'no', width: 48, render: (_, __, i) => i + 1 },
            { title: t('assess.result.org'), dataIndex: 'name', width: 130, fixed: 'left' },
            ...d.firstLevel.map((f) => ({
              title: `${f.name}（${f.max}）`,
              key: f.id,
              width: 80,
              align: 'right' as const,
              render: (_: unknown, x: Result) => fmt(x.byFirstLevel.find((b) => b.id === f.id)?.points),
            })),
            {
              title: t('assess.result.bonus'),
              dataIndex: 'bonus',
              width: 70,
              align: 'right',
              render: (v: number | null) => fmt(v),
            },
            {
              title: t('assess.result.total'),
              dataIndex: 'total',
              width: 70,
              align: 'right',
              render: (v: number | null) => <strong>{fmt(v)}</strong>,
            },
            {
              title: t('assess.result.level'),
              key: 'level',
              width: 130,
              render: (_, x) => (
                <Flex vertical gap={2}>
                  <span data-testid="result-level" style={{ color: '#b8141c', whiteSpace: 'nowrap' }}>
                    {levelText(x.level)}
                  </span>
                  <span>
                    {x.vetoed && <Tag color="red">{t('assess.result.vetoed')}</Tag>}
                    {x.why
                      .filter((w) => w !== 'veto')
                      .map((w) => (
                        <Tag key={w}>{t(`assess.why.${w}` as MessageKey)}</Tag>
                      ))}
                  </span>
                  {canGrade && (
                    <Select<number | 'auto'>
                      size="small"
                      value={round.data?.orgs.find((o) => o.id === x.orgId)?.manualLevel ?? 'auto'}
                      loading={busyOrg === x.orgId}
                      style={{ width: 116 }}
                      aria-label={t('assess.result.setLevel', { org: x.name })}
                      onChange={(v) => void grade(x.orgId, { level: v === 'auto' ? null : v }).then(round.reload)}
                      options={[
                        { value: 'auto', label: t('assess.result.byScore') },
                        ...levels.map((l) => ({ value: l, label: levelText(l) })),
                      ]}
                    />
                  )}
                  {canGrade && round.data && (
                    <Select<string[]>
                      mode="tags"
                      size="small"
                      value={round.data.orgs.find((o) => o.id === x.orgId)?.conditions ?? []}
                      disabled={busyOrg === x.orgId}
                      style={{ width: 116 }}
                      placeholder={t('assess.result.conditions')}
                      aria-label={t('assess.result.setConditions', { org: x.name })}
                      data-testid="result-conditions"
                      onChange={(v) =>
                        void grade(x.orgId, { conditions: v.map((c) => c.trim()).filter(Boolean) }).then(round.reload)
                      }
                      options={conditionNames.map((c) => ({ value: c, label: c }))}
                    />
                  )}
                </Flex>
              ),
            },
            {
              title: t('assess.result.rank'),
              dataIndex: 'rank',
              width: 56,
              align: 'right',
              render: (v: number | null) => v ?? '—',
            },
            ...(canRevise
              ? [
                  {
                    title: t('assess.revise.column'),
                    key: 'revise',
                    width: 64,
                    render: (_: unknown, x: Result) => (
                      <Button
                        size="small"
                        type="link"
                        style={{ padding: 0 }}
                        data-testid="result-revise"
                        onClick={() => setRevising({ id: x.orgId, name: x.name })}
                      >
                        {t('assess.revise.open')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {revising && (
        <RevisionModal
          roundId={r.id}
          org={revising}
          scorerOrgId={me.orgId}
          onClose={() => setRevising(null)}
          onDone={() => {
            setRevising(null);
            void message.success(t('assess.revise.done'));
            res.reload();
            round.reload();
            stars.reload();
          }}
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('assess.stars.title')}>
            <LazyStarsChart levels={levels} thisYear={d.levelCounts} lastYear={lastYear} year={r.year} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('assess.stars.changes', { year: r.year })} data-testid="star-changes">
            {stars.data ? (
              <Row gutter={[8, 8]}>
                {(['up', 'down', 'same', 'new', 'gone'] as const).map((k) => (
                  <Col span={8} key={k}>
                    <Statistic title={t(`assess.stars.change.${k}`)} value={stars.data!.changeCounts[k]} />
                  </Col>
                ))}
              </Row>
            ) : stars.error ? (
              <Typography.Text type="secondary">{errorMessage(stars.error)}</Typography.Text>
            ) : (
              <Skeleton active paragraph={{ rows: 2 }} />
            )}
            {r.state !== 'final' && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
                {t('assess.stars.afterFinal')}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** Every indicator's line for one organisation: indicator → method → points → what was counted, with the records. */
function Explanation({ result }: { result: Result }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={4} data-testid="result-explanation" style={{ padding: '4px 0' }}>
      {result.problems.map((p, i) => (
        <Alert key={i} type="warning" showIcon title={p} />
      ))}
      {result.lines.map((l: ResultLine) => {
        const name = l.path.split(' › ').pop();
        return (
          <Flex
            key={l.id}
            gap={8}
            wrap
            align="baseline"
            data-testid="explain-line"
            data-indicator={l.id}
            style={{ paddingLeft: (l.depth - 1) * 20 }}
          >
            <span style={{ fontWeight: l.depth === 1 ? 600 : 400, minWidth: 120 }}>{name}</span>
            <Tag>{methodLabel(l.method)}</Tag>
            <span style={{ whiteSpace: 'nowrap' }}>
              {t('assess.result.pointsOf', { points: fmt(l.points), max: l.max })}
            </span>
            <Typography.Text type="secondary">{l.text}</Typography.Text>
            {l.link && (
              <Link to={recordsPage(l.link)} data-testid="explain-link">
                {t('assess.openRecords')}
              </Link>
            )}
          </Flex>
        );
      })}
    </Flex>
  );
}

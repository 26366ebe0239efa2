import { DownloadOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, List, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import type { NoticeDetail } from '../../../../contracts/supervise.ts';
import { RANKING_MEASURE_LABELS, RANKING_MEASURES } from '../../../../domain/supervise/ranking.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getNotice, noticeFileUrl, publishNotice } from '../../../features/supervise/api/supervise.ts';
import { NoticeWordingModal } from '../../../features/supervise/components/notice-wording-modal.tsx';
import { RankingTable } from '../../../features/supervise/components/ranking-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';

type Overdue = NoticeDetail['ranking']['overdueItems'][number];

/**
 * /notices/:id — one 通报: its facts and weights, the ranking (rates and score), the best and worst named, the
 * organisations with nothing due (not ranked), the work done late or not at all, the document as written (PDF preview
 * and .docx), and for a draft its issuer manages: 修改文字 (title, 文号, 主送, opening and closing paragraphs; the
 * preview follows) and 发布.
 */
export default function NoticePage() {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const id = Number(useParams().id);
  const req = useRequest(() => getNotice(id), [id]);
  const [n, setN] = useState<NoticeDetail | undefined>(undefined);
  const [publishing, setPublishing] = useState(false);
  const [editing, setEditing] = useState(false);
  /** Bumped on each saved edit: the preview is fetched again. */
  const [rev, setRev] = useState(0);
  useEffect(() => setN(req.data), [req.data]);

  if (req.error) return <ErrorResult error={req.error} onRetry={req.reload} />;
  if (!n || n.id !== id) return <Skeleton active paragraph={{ rows: 10 }} />;

  const names = (ids: number[]) =>
    ids.map((x) => n.ranking.ranked.find((r) => r.orgId === x)?.name ?? `#${x}`).join('、') || t('common.none');

  const publish = () =>
    modal.confirm({
      title: t('bulletin.publishConfirm'),
      content: t('bulletin.publishHint'),
      okText: t('bulletin.publish'),
      onOk: async () => {
        setPublishing(true);
        try {
          setN(await publishNotice(n.id));
          void message.success(t('bulletin.publishedMsg'));
        } catch (e) {
          void message.error(errorMessage(e));
        } finally {
          setPublishing(false);
        }
      },
    });

  const draft = n.status === 'draft';
  return (
    <div data-testid="notice-page">
      <PageHeader
        title={n.title}
        tags={
          draft ? (
            <Tag data-testid="notice-status">{t('bulletin.draft')}</Tag>
          ) : (
            <Tag color="green" data-testid="notice-status">
              {t('bulletin.published')}
            </Tag>
          )
        }
        subTitle={t('bulletin.pageSubtitle', { org: n.orgName })}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={noticeFileUrl(n.id, 'docx')} download>
              {t('bulletin.downloadDocx')}
            </Button>
            {draft && n.canManage && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="notice-edit">
                {t('bulletin.edit')}
              </Button>
            )}
            {draft && n.canManage && (
              <Button type="primary" icon={<SendOutlined />} loading={publishing} onClick={publish}>
                {t('bulletin.publish')}
              </Button>
            )}
          </>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          data-testid="notice-facts"
          items={[
            { key: 'docNumber', label: t('bulletin.field.docNumber'), children: n.docNumber || '—' },
            { key: 'issuer', label: t('bulletin.field.issuer'), children: n.orgName },
            {
              key: 'period',
              label: t('bulletin.field.period'),
              children: `${formatDate(n.periodStart)} ～ ${formatDate(n.periodEnd)}`,
            },
            { key: 'created', label: t('bulletin.field.createdAt'), children: formatDateTime(n.createdAt) },
            ...(n.publishedAt
              ? [{ key: 'published', label: t('bulletin.field.publishedAt'), children: formatDateTime(n.publishedAt) }]
              : []),
            {
              key: 'weights',
              label: t('bulletin.field.weights'),
              span: 'filled' as const,
              children: RANKING_MEASURES.map((m) => `${label(RANKING_MEASURE_LABELS[m])} ${n.weights[m]}`).join('；'),
            },
            { key: 'best', label: t('bulletin.best'), span: 'filled' as const, children: names(n.ranking.best) },
            { key: 'worst', label: t('bulletin.worst'), span: 'filled' as const, children: names(n.ranking.worst) },
          ]}
        />
      </Card>
      <Card title={t('bulletin.ranking', { n: n.ranking.ranked.length })} style={{ marginBottom: 16 }}>
        <RankingTable ranking={n.ranking} />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('bulletin.rankingHint')}
        </Typography.Paragraph>
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={8}>
          <Card title={t('bulletin.unranked', { n: n.ranking.unranked.length })} data-testid="notice-unranked">
            <List
              size="small"
              dataSource={n.ranking.unranked}
              locale={{ emptyText: t('common.none') }}
              renderItem={(o) => <List.Item>{o.name}</List.Item>}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t('bulletin.overdueItems', { n: n.ranking.overdueItems.length })} data-testid="notice-overdue">
            <Table<Overdue>
              size="small"
              rowKey={(r) => `${r.orgName}\u0000${r.title}\u0000${r.deadline ?? ''}`}
              dataSource={n.ranking.overdueItems}
              pagination={n.ranking.overdueItems.length > 10 ? { pageSize: 10 } : false}
              locale={{ emptyText: t('bulletin.noOverdue') }}
              columns={[
                { title: t('bulletin.overdue.title'), dataIndex: 'title' },
                { title: t('bulletin.org'), dataIndex: 'orgName', width: 180 },
                {
                  title: t('bulletin.overdue.deadline'),
                  dataIndex: 'deadline',
                  width: 120,
                  render: (v: string | null) => formatDate(v),
                },
                {
                  title: t('bulletin.overdue.doneOn'),
                  dataIndex: 'doneOn',
                  width: 120,
                  render: (v: string | null) =>
                    v ? formatDate(v) : <Tag color="red">{t('bulletin.overdue.notDone')}</Tag>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('bulletin.preview')} data-testid="notice-preview">
        <iframe
          key={rev}
          title={t('bulletin.preview')}
          src={noticeFileUrl(n.id, 'pdf')}
          data-testid="notice-pdf"
          style={{ width: '100%', height: 720, border: '1px solid var(--ant-color-border)', borderRadius: 6 }}
        />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('bulletin.previewHint')}
        </Typography.Paragraph>
      </Card>
      {editing && (
        <NoticeWordingModal
          notice={n}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            setN(saved);
            setRev((r) => r + 1);
            void message.success(t('bulletin.saved'));
          }}
        />
      )}
    </div>
  );
}

import { Alert, Button, Card, Descriptions, Flex, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ABSENCE_REASON_LABELS, MEETING_KIND_LABELS } from '../../../../domain/life/vocab.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getMeeting, uploadMeetingFiles } from '../../../features/life/api/life.ts';
import { LifeFindings } from '../../../features/life/components/life-findings.tsx';
import { MeetingReport } from '../../../features/life/components/meeting-report.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { today, toIsoDate } from '../../../lib/format.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useRequest } from '../../../lib/use-request.ts';

/** /life/meetings/:id — a meeting as recorded: attendance, votes with their outcome, and its own findings. */
export default function MeetingPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const res = useRequest(() => getMeeting(id), [id]);
  const { can } = useSession();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const m = res.data;
  const upload = async (file: File) => {
    setUploading(true);
    setUploadError(null);
    try {
      await uploadMeetingFiles(id, [file]);
      res.reload();
    } catch (e) {
      setUploadError(errorMessage(e));
    } finally {
      setUploading(false);
    }
  };
  return (
    <div data-testid="meeting-page">
      <PageHeader
        title={m ? `${label(MEETING_KIND_LABELS[m.kind])}：${m.topic}` : t('life.meeting')}
        subTitle={m ? <Link to={`/life?orgId=${m.orgId}&year=${m.heldOn.slice(0, 4)}`}>{m.orgName}</Link> : undefined}
      />
      {res.error ? <Alert type="error" showIcon title={errorMessage(res.error)} /> : null}
      {m ? (
        <Flex vertical gap={16}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('life.heldOn')}>
                {m.heldOn} {m.startTime ? `${m.startTime}–${m.endTime ?? ''}` : ''}
                {m.makesUp ? (
                  <Tag color="purple" style={{ marginLeft: 8 }} data-testid="meeting-makeup-tag">
                    {t('life.makeUpOf', { window: label(m.makesUp.label) })}
                  </Tag>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('life.place')}>{m.place || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('life.host')}>{m.host || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('life.task')}>
                {m.taskId ? <Link to={`/tasks/${m.taskId}`}>{m.taskTitle}</Link> : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('life.minutes')} span={2}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{m.minutes || '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('life.decisions')} span={2}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{m.decisions || '—'}</span>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {m.report ? (
            <Card size="small" title={t('life.report.title')}>
              <MeetingReport
                meeting={m}
                editable={can('task:report')}
                today={toIsoDate(today()) ?? ''}
                onSaved={res.reload}
              />
            </Card>
          ) : null}
          <Card size="small" title={t('life.findingsTitle')}>
            <LifeFindings findings={m.findings} />
          </Card>
          <Card
            size="small"
            title={t('life.attendance', {
              n: m.attendance.filter((a) => a.present).length,
              total: m.attendance.length,
            })}
          >
            <Flex gap={6} wrap>
              {m.attendance.map((a) => (
                <Tag key={a.personId} color={a.present ? 'green' : 'default'}>
                  {a.name}
                  {a.present
                    ? ''
                    : `（${a.reason ? label(ABSENCE_REASON_LABELS[a.reason]) : ''}${a.note ? `：${a.note}` : ''}）`}
                </Tag>
              ))}
            </Flex>
          </Card>
          <Card
            size="small"
            title={t('life.files')}
            extra={
              can('task:report') ? (
                <Upload
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void upload(file);
                    return false;
                  }}
                >
                  <Button size="small" loading={uploading} data-testid="meeting-upload">
                    {t('life.upload')}
                  </Button>
                </Upload>
              ) : null
            }
          >
            {uploadError ? <Alert type="error" showIcon title={uploadError} style={{ marginBottom: 8 }} /> : null}
            {m.files.length === 0 ? (
              <span style={{ color: '#8c8c8c' }}>{t('life.noFiles')}</span>
            ) : (
              <Flex vertical gap={4} data-testid="meeting-files">
                {m.files.map((f) => (
                  <a key={f.id} href={`/api/meetings/${m.id}/files/${f.id}`}>
                    {f.filename}
                  </a>
                ))}
              </Flex>
            )}
          </Card>
          {m.votes.length > 0 ? (
            <Card size="small" title={t('life.votes')}>
              <Table
                size="small"
                rowKey="motion"
                pagination={false}
                dataSource={m.votes}
                columns={[
                  { title: t('life.motion'), dataIndex: 'motion' },
                  { title: t('life.yesNoAbstain'), render: (_, v) => `${v.yes} / ${v.no} / ${v.abstain}` },
                  { title: t('life.presentOfShould'), render: (_, v) => `${v.present} / ${v.shouldAttend}` },
                  {
                    title: t('life.outcome'),
                    render: (_, v) =>
                      v.outcome.passed ? (
                        <Tag color="green">{t('life.passed')}</Tag>
                      ) : (
                        <Tag color="red">{v.outcome.quorumMet ? t('life.notPassed') : t('life.noQuorum')}</Tag>
                      ),
                  },
                ]}
              />
            </Card>
          ) : null}
        </Flex>
      ) : null}
    </div>
  );
}

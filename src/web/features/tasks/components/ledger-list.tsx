import {
  FileExcelOutlined,
  FilePdfOutlined,
  FileTextOutlined,
  FileWordOutlined,
  PaperClipOutlined,
} from '@ant-design/icons';
import { Empty, Flex, Image, Tag, Timeline, Typography } from 'antd';
import type { AssignmentDetail, LedgerEntry } from '../../../../contracts/tasks.ts';
import { formatFigure } from '../../../../domain/tasks/progress.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { evidenceUrl } from '../api/assignments.ts';

function fileIcon(mime: string) {
  if (mime === 'application/pdf') return <FilePdfOutlined style={{ color: '#cf1322' }} />;
  if (mime.includes('wordprocessingml')) return <FileWordOutlined style={{ color: '#1677ff' }} />;
  if (mime.includes('spreadsheetml')) return <FileExcelOutlined style={{ color: '#389e0d' }} />;
  return <FileTextOutlined />;
}

function size(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Newest first: date, text, figure, who; superseded entries struck through; evidence as previews and downloads. */
export function LedgerList({ assignment }: { assignment: AssignmentDetail }) {
  const { t } = useI18n();
  const entries = [...assignment.ledger].sort((a, b) =>
    a.entryDate === b.entryDate ? b.createdAt.localeCompare(a.createdAt) : b.entryDate.localeCompare(a.entryDate),
  );
  const unit = assignment.targetUnit ?? '';
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledger.empty')} />;

  const item = (e: LedgerEntry) => {
    const images = e.files.filter((f) => f.mime.startsWith('image/'));
    const docs = e.files.filter((f) => !f.mime.startsWith('image/'));
    return {
      key: e.id,
      color: e.superseded ? 'gray' : e.correctsId ? 'orange' : 'blue',
      content: (
        <div
          className={e.superseded ? 'luoshi-ledger-entry luoshi-superseded' : 'luoshi-ledger-entry'}
          data-testid="ledger-entry"
          data-entry-id={e.id}
        >
          <Flex gap={6} wrap align="center" style={{ marginBottom: 4 }}>
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {e.entryDate}
            </Typography.Text>
            {e.figure !== null && (
              <Tag color={e.superseded ? 'default' : 'geekblue'} style={{ marginInlineEnd: 0 }}>
                {t('ledger.figure')} {formatFigure(e.figure)} {unit}
              </Tag>
            )}
            {e.superseded && <Tag style={{ marginInlineEnd: 0 }}>{t('ledger.superseded')}</Tag>}
            {e.correctsId && (
              <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                {t('ledger.corrects', { id: e.correctsId })}
              </Tag>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              #{e.id} · {e.createdByName} · {formatDateTime(e.createdAt)}
            </Typography.Text>
          </Flex>
          <Typography.Paragraph
            delete={e.superseded}
            style={{ whiteSpace: 'pre-wrap', marginBottom: e.files.length ? 8 : 0 }}
          >
            {e.text}
          </Typography.Paragraph>
          {images.length > 0 && (
            <Image.PreviewGroup>
              <Flex gap={8} wrap style={{ marginBottom: docs.length ? 8 : 0 }}>
                {images.map((f) => (
                  <Image
                    key={f.id}
                    src={evidenceUrl(f.id)}
                    alt={f.filename}
                    width={88}
                    height={88}
                    style={{ objectFit: 'cover', borderRadius: 6, border: '1px solid #eee' }}
                  />
                ))}
              </Flex>
            </Image.PreviewGroup>
          )}
          {docs.length > 0 && (
            <Flex vertical gap={4}>
              {docs.map((f) => (
                <a key={f.id} href={evidenceUrl(f.id)} download={f.filename} className="luoshi-evidence-link">
                  {fileIcon(f.mime)} {f.filename}{' '}
                  <Typography.Text type="secondary">{t('common.paren', { text: size(f.sizeBytes) })}</Typography.Text>
                </a>
              ))}
            </Flex>
          )}
          {images.length > 0 && (
            <Flex gap={8} wrap style={{ marginTop: 4 }}>
              {images.map((f) => (
                <a key={f.id} href={evidenceUrl(f.id)} download={f.filename} style={{ fontSize: 12 }}>
                  <PaperClipOutlined /> {f.filename}
                </a>
              ))}
            </Flex>
          )}
        </div>
      ),
    };
  };

  return <Timeline items={entries.map(item)} />;
}

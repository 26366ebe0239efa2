import { UploadOutlined } from '@ant-design/icons';
import { Button, Flex, Typography, Upload } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { type EntryFile, entryFileUrl, uploadEntryFiles } from '../api/assess.ts';

/**
 * The evidence files of one indicator's entry (佐证材料): each with a download link and who attached it (自评 or 评分),
 * and, when the caller may enter the indicator now, a button that uploads at once (the draft stays as it is).
 */
export function EntryFiles({
  roundId,
  orgId,
  indicatorId,
  files,
  canUpload,
  onFiles,
}: {
  roundId: number;
  orgId: number;
  indicatorId: string;
  files: readonly EntryFile[];
  canUpload: boolean;
  onFiles: (files: EntryFile[]) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (files.length === 0 && !canUpload) return null;
  return (
    <Flex vertical gap={4} data-testid="entry-files">
      {files.map((f) => (
        <Typography.Text key={f.id} style={{ fontSize: 12 }}>
          <a href={entryFileUrl(roundId, orgId, f.id)} download={f.filename}>
            {f.filename}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
            {t(f.side === 'self' ? 'assess.files.self' : 'assess.files.score', { by: f.by })}
          </Typography.Text>
        </Typography.Text>
      ))}
      {canUpload && (
        <Upload
          multiple
          showUploadList={false}
          beforeUpload={(file, list) => {
            // Called once per file of a selection: the first one sends them all.
            if (busy || file !== list[0]) return false;
            setBusy(true);
            setError(null);
            uploadEntryFiles(roundId, orgId, indicatorId, list)
              .then((sheet) => onFiles(sheet.items.find((i) => i.id === indicatorId)?.files ?? []))
              .catch((e) => setError(errorMessage(e)))
              .finally(() => setBusy(false));
            return false;
          }}
        >
          <Button size="small" icon={<UploadOutlined />} loading={busy} data-testid="entry-files-upload">
            {t('assess.files.upload')}
          </Button>
        </Upload>
      )}
      {error && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {error}
        </Typography.Text>
      )}
    </Flex>
  );
}

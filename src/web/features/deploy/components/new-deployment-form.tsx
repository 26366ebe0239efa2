import { FileTextOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Form, Input, Tabs, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { DeploymentDetail } from '../../../../contracts/deploy.ts';
import { MAX_OUTLINE_ITEMS } from '../../../../domain/files/limits.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { createDeployment, importDeployment } from '../api/deployments.ts';

const MAX_MB = 10;

/**
 * 导入讲话/文件: the issuing organisation, the meeting date, then a .txt/.docx file or pasted text. The server
 * removes noise, reads the outline and stores a draft; the caller then opens the import screen.
 */
export function NewDeploymentForm({
  defaultOrgId,
  scopeRootId,
  onCreated,
}: {
  defaultOrgId: number;
  scopeRootId: number;
  onCreated: (d: DeploymentDetail) => void;
}) {
  const { t } = useI18n();
  const [orgId, setOrgId] = useState<number | null>(defaultOrgId);
  const [meetingDate, setMeetingDate] = useState<Dayjs | null>(null);
  const [mode, setMode] = useState<'file' | 'paste'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pick = (f: File) => {
    setError(null);
    if (!/\.(txt|docx)$/i.test(f.name)) {
      setError(f.name.toLowerCase().endsWith('.doc') ? t('deploy.new.noDoc') : t('deploy.new.onlyTxtDocx'));
      return;
    }
    if (f.size > MAX_MB * 1024 * 1024) {
      setError(t('deploy.new.tooLarge', { mb: MAX_MB }));
      return;
    }
    setFile(f);
  };

  const submit = async () => {
    setError(null);
    if (!orgId) return setError(t('deploy.new.chooseOrg'));
    if (mode === 'file' && !file) return setError(t('deploy.new.chooseFile'));
    if (mode === 'paste' && !text.trim()) return setError(t('deploy.new.pasteRequired'));
    setBusy(true);
    try {
      const date = toIsoDate(meetingDate);
      const d =
        mode === 'file'
          ? await importDeployment(orgId, file!, date)
          : await createDeployment({
              orgId,
              text,
              ...(title.trim() ? { title: title.trim() } : {}),
              ...(date ? { meetingDate: date } : {}),
            });
      onCreated(d);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 880 }} data-testid="new-deployment-form">
      <Form layout="vertical" requiredMark="optional">
        <Flex gap={16} wrap>
          <Form.Item label={t('deploy.new.org')} required style={{ flex: '1 1 320px' }} extra={t('deploy.new.orgHint')}>
            <OrgSelect
              value={orgId}
              onChange={(id) => setOrgId(id)}
              within={scopeRootId}
              aria-label={t('deploy.new.org')}
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item
            label={t('deploy.new.meetingDate')}
            style={{ flex: '0 1 220px' }}
            extra={t('deploy.new.meetingDateHint')}
          >
            <DatePicker
              value={meetingDate}
              onChange={setMeetingDate}
              style={{ width: '100%' }}
              aria-label={t('deploy.new.meetingDate')}
            />
          </Form.Item>
        </Flex>
        <Tabs
          activeKey={mode}
          onChange={(k) => {
            setMode(k as 'file' | 'paste');
            setError(null);
          }}
          items={[
            {
              key: 'file',
              label: t('deploy.new.tabFile'),
              children: (
                <Upload.Dragger
                  accept=".txt,.docx"
                  multiple={false}
                  showUploadList={false}
                  beforeUpload={(f) => {
                    pick(f);
                    return Upload.LIST_IGNORE;
                  }}
                  style={{ padding: '12px 0' }}
                >
                  <p className="ant-upload-drag-icon">{file ? <FileTextOutlined /> : <InboxOutlined />}</p>
                  {file ? (
                    <>
                      <p className="ant-upload-text" data-testid="picked-file">
                        {file.name}
                      </p>
                      <p className="ant-upload-hint">
                        {t('deploy.new.fileChosen', { kb: Math.max(1, Math.round(file.size / 1024)) })}
                      </p>
                    </>
                  ) : (
                    <>
                      <p className="ant-upload-text">{t('deploy.new.dropHere')}</p>
                      <p className="ant-upload-hint">{t('deploy.new.fileHint', { mb: MAX_MB })}</p>
                    </>
                  )}
                </Upload.Dragger>
              ),
            },
            {
              key: 'paste',
              label: t('deploy.new.tabPaste'),
              children: (
                <>
                  <Form.Item label={t('deploy.new.title')} extra={t('deploy.new.titleHint')}>
                    <Input
                      value={title}
                      onChange={(e) => setTitle(e.target.value)}
                      maxLength={200}
                      aria-label={t('deploy.new.title')}
                    />
                  </Form.Item>
                  <Form.Item label={t('deploy.new.text')} required>
                    <Input.TextArea
                      value={text}
                      onChange={(e) => setText(e.target.value)}
                      autoSize={{ minRows: 12, maxRows: 24 }}
                      placeholder={t('deploy.new.textPlaceholder')}
                      aria-label={t('deploy.new.text')}
                    />
                  </Form.Item>
                  <Typography.Text type="secondary">{t('deploy.new.chars', { n: text.length })}</Typography.Text>
                </>
              ),
            },
          ]}
        />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
        <Flex justify="flex-end" style={{ marginTop: 16 }}>
          <Button type="primary" size="large" loading={busy} onClick={submit}>
            {t('deploy.new.submit')}
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 13 }}>
          {t('deploy.new.explain')}
          {t('deploy.new.itemLimit', { n: MAX_OUTLINE_ITEMS })}
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}

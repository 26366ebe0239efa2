import { Alert, App, Button, Flex, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { type AuditAnchor, type AuditVerifyResult, auditAnchor } from '../../../../contracts/audit.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { getAuditAnchor, verifyAudit } from '../api/audit.ts';

type Checked = { result: AuditVerifyResult; anchor: AuditAnchor | null };

/**
 * Verifying the chain from the browser: walk it (optionally against an anchor the administrator kept), and take a
 * new anchor to keep outside the system.
 */
export function ChainCheck() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'verify' | 'anchor' | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [anchor, setAnchor] = useState<AuditAnchor | null>(null);
  const [pasteOpen, setPasteOpen] = useState(false);
  const [pasted, setPasted] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);

  const verify = async (withAnchor: AuditAnchor | null) => {
    setBusy('verify');
    try {
      setChecked({ result: await verifyAudit(withAnchor), anchor: withAnchor });
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const takeAnchor = async () => {
    setBusy('anchor');
    try {
      setAnchor(await getAuditAnchor());
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const verifyPasted = () => {
    let json: unknown;
    try {
      json = JSON.parse(pasted);
    } catch {
      setPasteError(t('audit.anchorNotJson'));
      return;
    }
    const parsed = auditAnchor.safeParse(json);
    if (!parsed.success) {
      setPasteError(t('audit.anchorInvalid'));
      return;
    }
    setPasteOpen(false);
    void verify(parsed.data);
  };

  const result = checked?.result;
  return (
    <Flex vertical gap={12} style={{ marginBottom: 16 }}>
      <Space wrap>
        <Button type="primary" loading={busy === 'verify'} onClick={() => void verify(null)} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
        <Button
          onClick={() => {
            setPasteError(null);
            setPasteOpen(true);
          }}
        >
          {t('audit.verifyAnchor')}
        </Button>
        <Button loading={busy === 'anchor'} onClick={() => void takeAnchor()}>
          {t('audit.takeAnchor')}
        </Button>
      </Space>
      {result && (
        <Alert
          data-testid="audit-verify-result"
          type={result.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setChecked(null)}
          title={
            result.ok
              ? t('audit.intact', { rows: result.rows })
              : t('audit.broken', { id: result.brokenId ?? '', reason: result.reason ?? '' })
          }
          description={
            <>
              {result.ok && result.unkeyedRows > 0 && <div>{t('audit.unkeyed', { n: result.unkeyedRows })}</div>}
              {result.ok && checked.anchor && <div>{t('audit.anchorHeld', { id: checked.anchor.id })}</div>}
              {!result.ok && <div>{t('audit.checkedBefore', { rows: result.rows })}</div>}
            </>
          }
        />
      )}
      <Modal
        open={anchor !== null}
        title={t('audit.anchorTitle')}
        onCancel={() => setAnchor(null)}
        footer={<Button onClick={() => setAnchor(null)}>{t('common.ok')}</Button>}
      >
        <Typography.Paragraph type="secondary">{t('audit.anchorHint')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: JSON.stringify(anchor) }}>
          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
            {JSON.stringify(anchor, null, 2)}
          </pre>
        </Typography.Paragraph>
      </Modal>
      <Modal
        open={pasteOpen}
        title={t('audit.verifyAnchor')}
        okText={t('audit.verify')}
        cancelText={t('common.cancel')}
        onOk={verifyPasted}
        onCancel={() => setPasteOpen(false)}
      >
        <Typography.Paragraph type="secondary">{t('audit.pasteHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={6}
          value={pasted}
          onChange={(e) => {
            setPasted(e.target.value);
            setPasteError(null);
          }}
          placeholder='{"id":"…","hash":"…","at":"…"}'
          status={pasteError ? 'error' : undefined}
        />
        {pasteError && <Typography.Text type="danger">{pasteError}</Typography.Text>}
      </Modal>
    </Flex>
  );
}

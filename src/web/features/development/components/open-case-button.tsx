import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { MemberStatus } from '../../../../domain/people/vocab.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { listCases, openCase } from '../api/development.ts';

const PIPELINE: readonly MemberStatus[] = ['applicant', 'activist', 'candidate', 'probationary'];

/**
 * On a member's page: 发展党员档案 — opens the person's case (the latest), or for an applicant without one, a form to
 * open it with the application's day.
 */
export function DevelopmentCaseButton({ personId, status }: { personId: number; status: MemberStatus }) {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [opening, setOpening] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ on: string; document: string }>();
  if (!PIPELINE.includes(status) && status !== 'full') return null;

  const go = async () => {
    setBusy(true);
    try {
      const found = await listCases({ personId });
      const first = found.items[0];
      if (first) void navigate(`/development/${first.id}`);
      else if (status === 'applicant' && can('member:write')) setOpening(true);
      else void message.info(t('dev.member.none'));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (v: { on: string; document: string }) => {
    try {
      const c = await openCase({ personId, on: v.on.trim(), document: v.document });
      setOpening(false);
      void navigate(`/development/${c.id}`);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <>
      <Button onClick={go} loading={busy} data-testid="dev-case-button">
        {t('dev.member.button')}
      </Button>
      <Modal
        open={opening}
        title={t('dev.member.openTitle')}
        onCancel={() => setOpening(false)}
        onOk={() => form.submit()}
        okText={t('dev.member.open')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ document: t('dev.member.letter') }}>
          <Form.Item
            name="on"
            label={t('dev.member.appliedOn')}
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('dev.form.dateFormat') }]}
          >
            <Input placeholder="YYYY-MM-DD" aria-label={t('dev.member.appliedOn')} />
          </Form.Item>
          <Form.Item name="document" label={t('dev.field.document')} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

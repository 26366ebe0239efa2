import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { BackfillDevelopmentCaseBody } from '../../../../contracts/development.ts';
import {
  DEVELOPMENT_STAGE_LABELS,
  type DevelopmentBackfillStage,
} from '../../../../domain/people/development-steps.ts';
import { MEMBER_STATUS_LABELS, type MemberStatus } from '../../../../domain/people/vocab.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { backfillCase, searchPartwayPeople } from '../api/development.ts';

/** The stage a case opened partway starts at, by the person's status. */
const STAGE_OF: Partial<Record<MemberStatus, DevelopmentBackfillStage>> = {
  activist: 'activist',
  candidate: 'candidate',
  probationary: 'probation',
};

type Person = { id: number; name: string; status: MemberStatus };
type Values = {
  personId: number;
  appliedOn?: string;
  activistOn: string;
  candidateOn?: string;
  voteOn?: string;
  approvedOn?: string;
  document?: string;
  decider: string;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * On the pipeline page: 补录在途发展对象 — opens a case partway for someone already an activist, candidate or
 * probationary member (imported with that status), at their stage with the dates known.
 */
export function BackfillCaseButton({ orgId }: { orgId: number }) {
  const { t, label } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [people, setPeople] = useState<Person[]>([]);
  const [form] = Form.useForm<Values>();
  const personId = Form.useWatch('personId', form);
  if (!can('member:write')) return null;
  const person = people.find((p) => p.id === personId);
  const stage = person ? STAGE_OF[person.status] : undefined;

  const search = async (q: string) => {
    try {
      const page = await searchPartwayPeople(orgId, q);
      setPeople(page.items.map((p) => ({ id: p.id, name: p.name, status: p.status })));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const submit = async (v: Values) => {
    if (!stage) return;
    const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
    const body: BackfillDevelopmentCaseBody = {
      personId: v.personId,
      stage,
      appliedOn: opt(v.appliedOn),
      activistOn: v.activistOn.trim(),
      ...(stage !== 'activist' ? { candidateOn: opt(v.candidateOn) } : {}),
      ...(stage === 'probation' ? { voteOn: opt(v.voteOn), approvedOn: opt(v.approvedOn) } : {}),
      document: opt(v.document),
      decider: v.decider,
    };
    setBusy(true);
    try {
      const c = await backfillCase(body);
      setOpen(false);
      void navigate(`/development/${c.id}`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const date = (required: boolean) => [{ required, pattern: DATE, message: t('dev.form.dateFormat') }];
  return (
    <>
      <Button
        data-testid="dev-backfill-button"
        onClick={() => {
          form.resetFields();
          setOpen(true);
          void search('');
        }}
      >
        {t('dev.backfill.button')}
      </Button>
      <Modal
        open={open}
        title={t('dev.backfill.button')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('dev.member.open')}
        okButtonProps={{ loading: busy, disabled: !stage }}
        forceRender
      >
        <p>{t('dev.backfill.hint')}</p>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ decider: t('dev.action.branch') }}
        >
          <Form.Item name="personId" label={t('dev.backfill.person')} rules={[{ required: true }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
              aria-label={t('dev.backfill.person')}
              options={people.map((p) => ({
                value: p.id,
                label: `${p.name}（${label(MEMBER_STATUS_LABELS[p.status])}）`,
              }))}
            />
          </Form.Item>
          {stage && (
            <p data-testid="dev-backfill-stage">
              {t('dev.backfill.stage', { stage: label(DEVELOPMENT_STAGE_LABELS[stage]) })}
            </p>
          )}
          <Form.Item name="appliedOn" label={t('dev.case.appliedOn')} rules={date(false)}>
            <Input placeholder="YYYY-MM-DD" aria-label={t('dev.case.appliedOn')} />
          </Form.Item>
          <Form.Item name="activistOn" label={t('dev.case.activistOn')} rules={date(true)}>
            <Input placeholder="YYYY-MM-DD" aria-label={t('dev.case.activistOn')} />
          </Form.Item>
          {stage !== undefined && stage !== 'activist' && (
            <Form.Item name="candidateOn" label={t('dev.case.candidateOn')} rules={date(true)}>
              <Input placeholder="YYYY-MM-DD" aria-label={t('dev.case.candidateOn')} />
            </Form.Item>
          )}
          {stage === 'probation' && (
            <>
              <Form.Item name="voteOn" label={t('dev.case.voteOn')} rules={date(true)}>
                <Input placeholder="YYYY-MM-DD" aria-label={t('dev.case.voteOn')} />
              </Form.Item>
              <Form.Item
                name="approvedOn"
                label={t('dev.backfill.approvedOn')}
                extra={t('dev.backfill.approvedHint')}
                rules={date(false)}
              >
                <Input placeholder="YYYY-MM-DD" aria-label={t('dev.backfill.approvedOn')} />
              </Form.Item>
            </>
          )}
          <Form.Item name="document" label={t('dev.field.document')} extra={t('dev.backfill.documentHint')}>
            <Input aria-label={t('dev.field.document')} />
          </Form.Item>
          <Form.Item name="decider" label={t('dev.field.decider')} rules={[{ required: true, whitespace: true }]}>
            <Input aria-label={t('dev.field.decider')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

import { Alert, App, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { OrgDetail, OrgSummary } from '../../../../contracts/org.ts';
import {
  allowedChildTypes,
  ORG_TYPE_LABELS,
  ORG_TYPES,
  type OrgType,
  UNIT_LEVEL_LABELS,
  UNIT_LEVELS,
  type UnitLevel,
} from '../../../../domain/org/vocab.ts';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { fromIsoDate, today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { fieldLabel, useOrgFields } from '../../../lib/reference-data.ts';
import { useSession } from '../../../lib/session.tsx';
import { createOrg, updateOrg } from '../api/orgs.ts';

type Values = {
  name: string;
  shortName?: string;
  code?: string;
  type: OrgType;
  field?: string | null;
  establishedOn?: Dayjs | null;
  termStartedOn?: Dayjs | null;
  termYears?: number | null;
  unitLevel?: UnitLevel | null;
  temporary?: boolean;
  approvalAuthority?: boolean;
};

const FIELDS = [
  'name',
  'shortName',
  'code',
  'type',
  'field',
  'establishedOn',
  'termStartedOn',
  'termYears',
  'unitLevel',
  'temporary',
  'approvalAuthority',
];
/** Types that may hold the authority to approve member development (the rule set's development.approvers). */
const APPROVING_TYPES: readonly OrgType[] = ['committee', 'working_committee'];

type Props =
  | { mode: 'create'; parent: OrgDetail; onClose: () => void; onDone: (org: OrgSummary) => void }
  | { mode: 'edit'; org: OrgDetail; onClose: () => void; onDone: (org: OrgSummary) => void };

/** Add a sub-organisation under `parent`, or edit an organisation's particulars. */
export function OrgFormModal(props: Props) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const fields = useOrgFields();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { me } = useSession();
  // The authority is granted and withdrawn from above: not by the organisation's own accounts.
  const canGrant = props.mode === 'create' || props.org.id !== me?.orgId;
  const type = Form.useWatch('type', form);

  const types: readonly OrgType[] = props.mode === 'create' ? allowedChildTypes(props.parent.type) : ORG_TYPES;
  const initial: Partial<Values> =
    props.mode === 'edit'
      ? {
          name: props.org.name,
          shortName: props.org.shortName ?? '',
          code: props.org.code,
          type: props.org.type,
          field: props.org.field,
          establishedOn: fromIsoDate(props.org.establishedOn),
          termStartedOn: fromIsoDate(props.org.termStartedOn),
          termYears: props.org.termYears,
          unitLevel: props.org.unitLevel,
          temporary: props.org.temporary,
          approvalAuthority: props.org.approvalAuthority,
        }
      : {
          type: types.includes('branch') ? 'branch' : types[0],
          field: props.parent.field,
          establishedOn: today(),
          termStartedOn: today(),
          termYears: 5,
          unitLevel: null,
          temporary: false,
          approvalAuthority: false,
        };

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    const body = {
      name: v.name.trim(),
      shortName: v.shortName?.trim() || null,
      type: v.type,
      field: v.field ?? null,
      establishedOn: toIsoDate(v.establishedOn),
      termStartedOn: toIsoDate(v.termStartedOn),
      termYears: v.termYears ?? null,
      unitLevel: v.unitLevel ?? null,
      temporary: v.temporary ?? false,
      ...(canGrant ? { approvalAuthority: v.approvalAuthority ?? false } : {}),
    };
    try {
      let saved: OrgSummary;
      if (props.mode === 'create') {
        const code = v.code?.trim();
        saved = await createOrg(props.parent.id, {
          ...body,
          shortName: body.shortName ?? undefined,
          field: body.field ?? undefined,
          establishedOn: body.establishedOn ?? undefined,
          termStartedOn: body.termStartedOn ?? undefined,
          termYears: body.termYears ?? undefined,
          ...(code ? { code } : {}),
        });
        void message.success(t('org.created', { name: saved.name }));
      } else {
        const code = v.code?.trim();
        saved = await updateOrg(props.org.id, { ...body, ...(code && code !== props.org.code ? { code } : {}) });
        void message.success(t('common.saved'));
      }
      props.onDone(saved);
    } catch (e) {
      if (!applyServerErrors(form, e, FIELDS)) setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={props.mode === 'create' ? t('org.addChildTitle', { parent: props.parent.name }) : t('org.editTitle')}
      okText={props.mode === 'create' ? t('common.create') : t('common.save')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onValuesChange={() => setError(null)}>
        <Form.Item
          name="name"
          label={t('org.name')}
          rules={[{ required: true, whitespace: true, message: t('org.nameRequired') }, { max: 100 }]}
        >
          <Input placeholder={t('org.namePlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="shortName" label={t('org.shortName')} rules={[{ max: 40 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('org.code')}
              extra={props.mode === 'create' ? t('org.codeHint') : undefined}
              rules={[
                { pattern: /^[A-Za-z0-9_-]{1,40}$/, message: t('org.codeInvalid') },
                ...(props.mode === 'edit' ? [{ required: true, message: t('org.codeInvalid') }] : []),
              ]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="type" label={t('org.type')} rules={[{ required: true }]}>
              <Select options={types.map((v) => ({ value: v, label: label(ORG_TYPE_LABELS[v]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="field" label={t('org.field')}>
              <Select allowClear options={fields.map((f) => ({ value: f.code, label: fieldLabel(f.code, fields) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="establishedOn" label={t('org.establishedOn')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today())} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="termStartedOn" label={t('org.termStartedOn')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today())} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="termYears" label={t('org.termYears')} extra={t('org.termYearsHint')}>
              <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} suffix={t('common.years')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="unitLevel" label={t('org.unitLevel')}>
              <Select
                allowClear
                placeholder={t('org.unitLevelNone')}
                options={UNIT_LEVELS.map((v) => ({ value: v, label: label(UNIT_LEVEL_LABELS[v]) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="temporary" valuePropName="checked" label={t('org.roles')}>
              <Checkbox>{t('org.temporary')}</Checkbox>
            </Form.Item>
            <Form.Item
              name="approvalAuthority"
              valuePropName="checked"
              extra={canGrant ? t('org.approvalAuthorityHint') : t('org.approvalAuthorityFromAbove')}
            >
              <Checkbox disabled={!canGrant || !APPROVING_TYPES.includes(type ?? 'branch')}>
                {t('org.approvalAuthority')}
              </Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

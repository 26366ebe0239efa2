import { Alert, App, Col, DatePicker, Form, Input, Modal, Row, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { MemberDetail } from '../../../../contracts/people.ts';
import { checkPersonName, PERSON_NAME_MAX, type PersonNameCode } from '../../../../domain/people/person-name.ts';
import {
  EDUCATION_LABELS,
  EDUCATIONS,
  type Education,
  GENDER_LABELS,
  GENDERS,
  type Gender,
  MEMBER_STATUS_LABELS,
  MEMBER_STATUSES,
  type MemberStatus,
  VILLAGE_COMMITTEE_POST_LABELS,
  VILLAGE_COMMITTEE_POSTS,
  type VillageCommitteePost,
} from '../../../../domain/people/vocab.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { fromIsoDate, today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { createMember, updateMember } from '../api/members.ts';

const NAME_MESSAGES: Record<
  PersonNameCode,
  'member.nameRequired' | 'member.nameTooLong' | 'member.nameCharacters' | 'member.nameSeparator'
> = {
  NAME_EMPTY: 'member.nameRequired',
  NAME_TOO_LONG: 'member.nameTooLong',
  NAME_CHARACTERS: 'member.nameCharacters',
  NAME_SEPARATOR: 'member.nameSeparator',
};

type Values = {
  orgId: number;
  name: string;
  gender?: Gender | null;
  ethnicity?: string;
  birthDate?: Dayjs | null;
  education?: Education | null;
  idNumber?: string;
  phone?: string;
  status: MemberStatus;
  appliedOn?: Dayjs | null;
  joinDate?: Dayjs | null;
  fullDate?: Dayjs | null;
  isFloating: boolean;
  isRetired: boolean;
  villageCommitteePost?: VillageCommitteePost | null;
};

const FIELDS = [
  'orgId',
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'education',
  'idNumber',
  'phone',
  'status',
  'appliedOn',
  'joinDate',
  'fullDate',
  'isFloating',
  'isRetired',
  'villageCommitteePost',
];

type Props =
  | { mode: 'create'; orgId: number; onClose: () => void; onDone: (m: MemberDetail) => void }
  | { mode: 'edit'; member: MemberDetail; onClose: () => void; onDone: (m: MemberDetail) => void };

/**
 * 登记 / 修改 a member. The server checks the whole record (ID check digit, age at admission, one year
 * of probation …) and names each field; its messages appear under those fields.
 */
export function MemberFormModal(props: Props) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const m = props.mode === 'edit' ? props.member : null;
  // A reduced view (no member:sensitive): an ID number or birth date on record is shown masked / as 出生年月 and
  // cannot be changed here (the server refuses it too); a missing one may be filled in.
  const reduced = m?.idNumberMasked ?? false;
  const idLocked = reduced && !!m?.idNumber;
  const birthLocked = reduced && !!m?.birthYearMonth;

  const initial: Partial<Values> = m
    ? {
        orgId: m.orgId,
        name: m.name,
        gender: m.gender,
        ethnicity: m.ethnicity ?? '',
        birthDate: fromIsoDate(m.birthDate),
        education: m.education,
        idNumber: m.idNumber ?? '',
        phone: m.phone ?? '',
        status: m.status,
        appliedOn: fromIsoDate(m.appliedOn),
        joinDate: fromIsoDate(m.joinDate),
        fullDate: fromIsoDate(m.fullDate),
        isFloating: m.isFloating,
        isRetired: m.isRetired,
        villageCommitteePost: m.villageCommitteePost,
      }
    : // 汉族 is a stored value (the register is kept in Chinese), not interface text.
      {
        orgId: props.mode === 'create' ? props.orgId : undefined,
        status: 'full',
        ethnicity: '汉族',
        isFloating: false,
        isRetired: false,
      };

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    const idNumber = v.idNumber?.trim().toUpperCase() || null;
    const body = {
      orgId: v.orgId,
      name: v.name.trim(),
      gender: v.gender ?? null,
      ethnicity: v.ethnicity?.trim() || null,
      ...(birthLocked ? {} : { birthDate: toIsoDate(v.birthDate) }),
      education: v.education ?? null,
      phone: v.phone?.trim() || null,
      status: v.status,
      appliedOn: toIsoDate(v.appliedOn),
      joinDate: toIsoDate(v.joinDate),
      fullDate: toIsoDate(v.fullDate),
      isFloating: v.isFloating,
      isRetired: v.isRetired,
      villageCommitteePost: v.villageCommitteePost ?? null,
      ...(idLocked ? {} : { idNumber }),
    };
    try {
      const saved = props.mode === 'create' ? await createMember(body) : await updateMember(props.member.id, body);
      void message.success(props.mode === 'create' ? t('member.created', { name: saved.name }) : t('common.saved'));
      props.onDone(saved);
    } catch (e) {
      // Messages go under the fields they name; the summary stays above the buttons as well.
      applyServerErrors(form, e, FIELDS);
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const date = (name: keyof Values, text: string) => (
    <Col xs={24} sm={12} md={8}>
      <Form.Item name={name} label={text}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today())} />
      </Form.Item>
    </Col>
  );

  return (
    <Modal
      open
      width={760}
      title={props.mode === 'create' ? t('member.createTitle') : t('member.editTitle', { name: props.member.name })}
      okText={props.mode === 'create' ? t('common.create') : t('common.save')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onValuesChange={() => setError(null)}>
        <Row gutter={16}>
          <Col xs={24} sm={12} md={8}>
            <Form.Item
              name="name"
              label={t('member.name')}
              rules={[
                { required: true, whitespace: true, message: t('member.nameRequired') },
                {
                  // The server's rule, run before sending (no markup, no control characters, 1–50 characters).
                  validator: (_, v: string | undefined) => {
                    if (!v?.trim()) return Promise.resolve();
                    const r = checkPersonName(v);
                    return r.ok
                      ? Promise.resolve()
                      : Promise.reject(new Error(t(NAME_MESSAGES[r.code], { max: PERSON_NAME_MAX })));
                  },
                },
              ]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} md={4}>
            <Form.Item name="gender" label={t('member.gender')}>
              <Select allowClear options={GENDERS.map((g) => ({ value: g, label: label(GENDER_LABELS[g]) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} md={4}>
            <Form.Item name="ethnicity" label={t('member.ethnicity')} rules={[{ max: 20 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item name="status" label={t('member.status')} rules={[{ required: true }]}>
              <Select options={MEMBER_STATUSES.map((s) => ({ value: s, label: label(MEMBER_STATUS_LABELS[s]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              name="orgId"
              label={t('member.org')}
              rules={[{ required: true, message: t('member.orgRequired') }]}
            >
              <OrgSelect aria-label={t('member.org')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item name="education" label={t('member.education')}>
              <Select allowClear options={EDUCATIONS.map((e) => ({ value: e, label: label(EDUCATION_LABELS[e]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={10}>
            <Form.Item
              name="idNumber"
              label={t('member.idNumber')}
              extra={idLocked ? t('member.lockedHint') : undefined}
              rules={idLocked ? [] : [{ pattern: /^(\d{17}[\dXx]|)$/, message: t('member.idFormat') }]}
            >
              <Input
                maxLength={18}
                disabled={idLocked}
                style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            {birthLocked ? (
              <Form.Item label={t('member.birthYearMonth')} extra={t('member.lockedHint')}>
                <Input disabled value={m?.birthYearMonth ?? ''} />
              </Form.Item>
            ) : (
              <Form.Item name="birthDate" label={t('member.birthDate')}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today())} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item name="phone" label={t('member.phone')} rules={[{ max: 20 }]}>
              <Input />
            </Form.Item>
          </Col>
          {date('appliedOn', t('member.appliedOn'))}
          {date('joinDate', t('member.joinDate'))}
          {date('fullDate', t('member.fullDate'))}
          <Col xs={12} sm={8}>
            <Form.Item name="isFloating" label={t('member.floating')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="isRetired" label={t('member.retired')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="villageCommitteePost"
              label={t('member.villageCommitteePost')}
              extra={t('member.villageCommitteePostHint')}
            >
              <Select
                allowClear
                placeholder={t('common.none')}
                options={VILLAGE_COMMITTEE_POSTS.map((p) => ({
                  value: p,
                  label: label(VILLAGE_COMMITTEE_POST_LABELS[p]),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

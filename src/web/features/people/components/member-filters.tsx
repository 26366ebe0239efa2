import { FilterOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Col, Flex, Input, Row, Select, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  type AgeBand,
  EDUCATION_LABELS,
  EDUCATIONS,
  type Education,
  GENDER_LABELS,
  GENDERS,
  type Gender,
  MEMBER_STATUS_LABELS,
  MEMBER_STATUSES,
  type MemberStatus,
} from '../../../../domain/people/vocab.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { fieldLabel, useOrgFields } from '../../../lib/reference-data.ts';
import type { MemberFilters as Filters } from '../api/members.ts';

type Props = {
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
  onReset: () => void;
};

const MORE_KEYS: (keyof Filters)[] = ['ageBand', 'education', 'field', 'gender', 'floating', 'retired'];

/** The member list's filters; every change goes straight to the URL query. */
export function MemberFilters({ filters, onChange, onReset }: Props) {
  const { t, label } = useI18n();
  const fields = useOrgFields();
  const [q, setQ] = useState(filters.q ?? '');
  const [more, setMore] = useState(() => MORE_KEYS.some((k) => filters[k] !== undefined));
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);

  const yesNo = [
    { value: 'true', label: t('common.yes') },
    { value: 'false', label: t('common.no') },
  ];
  const item = (
    text: string,
    node: React.ReactNode,
    span: Record<string, number> = { xs: 24, sm: 12, lg: 8, xxl: 6 },
  ) => (
    <Col {...span}>
      <Flex vertical gap={4}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {text}
        </Typography.Text>
        {node}
      </Flex>
    </Col>
  );

  return (
    <div style={{ marginBottom: 16 }} data-testid="member-filters">
      <Row gutter={[12, 12]} align="bottom">
        {item(
          t('members.filterOrg'),
          <OrgSelect
            value={filters.orgId ?? null}
            onChange={(id) => id && onChange({ orgId: id })}
            aria-label={t('members.filterOrg')}
          />,
        )}
        {item(
          t('members.filterKeyword'),
          <Input.Search
            value={q}
            allowClear
            placeholder={t('members.keywordPlaceholder')}
            onChange={(e) => {
              setQ(e.target.value);
              if (e.target.value === '' && filters.q) onChange({ q: undefined });
            }}
            onSearch={(v) => onChange({ q: v.trim() || undefined })}
            aria-label={t('members.filterKeyword')}
          />,
        )}
        {item(
          t('members.filterStatus'),
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            value={filters.status ?? []}
            placeholder={t('members.statusPlaceholder')}
            onChange={(v: MemberStatus[]) => onChange({ status: v })}
            options={MEMBER_STATUSES.map((s) => ({ value: s, label: label(MEMBER_STATUS_LABELS[s]) }))}
            aria-label={t('members.filterStatus')}
          />,
        )}
        <Col xs={24} sm={12} lg={24} xxl={6}>
          <Flex gap={12} align="center" wrap style={{ minHeight: 32 }} justify="flex-start">
            <Flex gap={6} align="center">
              <Switch
                checked={filters.descendants !== 'false'}
                onChange={(on) => onChange({ descendants: on ? undefined : 'false' })}
                aria-label={t('members.includeSub')}
              />
              <Typography.Text>{t('members.includeSub')}</Typography.Text>
            </Flex>
            <Button
              type="link"
              icon={<FilterOutlined />}
              onClick={() => setMore((m) => !m)}
              style={{ paddingInline: 0 }}
            >
              {more ? t('members.lessFilters') : t('members.moreFilters')}
            </Button>
            <Button type="link" icon={<UndoOutlined />} onClick={onReset} style={{ paddingInline: 0 }}>
              {t('common.reset')}
            </Button>
          </Flex>
        </Col>
      </Row>
      {more && (
        <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
          {item(
            t('members.filterAge'),
            <Select
              allowClear
              value={filters.ageBand}
              placeholder={t('common.all')}
              onChange={(v?: AgeBand) => onChange({ ageBand: v })}
              options={AGE_BANDS.map((a) => ({ value: a, label: label(AGE_BAND_LABELS[a]) }))}
            />,
            { xs: 12, sm: 8, lg: 4 },
          )}
          {item(
            t('members.filterEducation'),
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              value={filters.education ?? []}
              placeholder={t('common.all')}
              onChange={(v: Education[]) => onChange({ education: v })}
              options={EDUCATIONS.map((e) => ({ value: e, label: label(EDUCATION_LABELS[e]) }))}
            />,
            { xs: 12, sm: 8, lg: 4 },
          )}
          {item(
            t('members.filterField'),
            <Select
              allowClear
              value={filters.field}
              placeholder={t('common.all')}
              onChange={(v?: string) => onChange({ field: v })}
              options={fields.map((f) => ({ value: f.code, label: fieldLabel(f.code, fields) }))}
            />,
            { xs: 12, sm: 8, lg: 4 },
          )}
          {item(
            t('members.filterGender'),
            <Select
              allowClear
              value={filters.gender}
              placeholder={t('common.all')}
              onChange={(v?: Gender) => onChange({ gender: v })}
              options={GENDERS.map((g) => ({ value: g, label: label(GENDER_LABELS[g]) }))}
            />,
            { xs: 12, sm: 8, lg: 4 },
          )}
          {item(
            t('members.filterFloating'),
            <Select
              allowClear
              value={filters.floating}
              placeholder={t('common.all')}
              onChange={(v?: 'true' | 'false') => onChange({ floating: v })}
              options={yesNo}
            />,
            { xs: 12, sm: 8, lg: 4 },
          )}
          {item(
            t('members.filterRetired'),
            <Select
              allowClear
              value={filters.retired}
              placeholder={t('common.all')}
              onChange={(v?: 'true' | 'false') => onChange({ retired: v })}
              options={yesNo}
            />,
            { xs: 12, sm: 8, lg: 4 },
          )}
        </Row>
      )}
    </div>
  );
}

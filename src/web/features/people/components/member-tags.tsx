import { Tag } from 'antd';
import { MEMBER_STATUS_LABELS, type MemberStatus } from '../../../../domain/people/vocab.ts';
import { useI18n } from '../../../lib/i18n.ts';

const COLORS: Partial<Record<MemberStatus, string>> = {
  full: 'red',
  probationary: 'volcano',
  candidate: 'gold',
  activist: 'blue',
  applicant: 'geekblue',
};

export function StatusTag({ status }: { status: MemberStatus }) {
  const { label } = useI18n();
  return <Tag color={COLORS[status] ?? 'default'}>{label(MEMBER_STATUS_LABELS[status])}</Tag>;
}

/** 流动党员 / 离退休 markers. */
export function FlagTags({ floating, retired }: { floating: boolean; retired: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {floating && <Tag color="purple">{t('member.floating')}</Tag>}
      {retired && <Tag color="cyan">{t('member.retired')}</Tag>}
    </>
  );
}

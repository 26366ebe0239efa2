import { Result, Skeleton } from 'antd';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getOwnProfile } from '../../../features/people/api/members.ts';
import { MemberDescriptions } from '../../../features/people/components/member-descriptions.tsx';
import { StatusTag } from '../../../features/people/components/member-tags.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';

/** /me — a member's own record (GET /api/me/profile). */
export default function MyProfilePage() {
  const { t } = useI18n();
  const { data: m, error } = useRequest(() => getOwnProfile(), []);
  if (error) return <Result status="info" title={t('me.noProfile')} subTitle={errorMessage(error)} />;
  if (!m) return <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <div data-testid="my-profile-page">
      <PageHeader title={t('me.title')} tags={<StatusTag status={m.status} />} subTitle={m.orgPathNames.join(' / ')} />
      <MemberDescriptions member={m} linkOrgs={false} />
    </div>
  );
}

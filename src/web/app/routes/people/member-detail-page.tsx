import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Skeleton } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { DevelopmentCaseButton } from '../../../features/development/components/open-case-button.tsx';
import { getMember } from '../../../features/people/api/members.ts';
import { MemberDescriptions } from '../../../features/people/components/member-descriptions.tsx';
import { MemberFormModal } from '../../../features/people/components/member-form-modal.tsx';
import { StatusTag } from '../../../features/people/components/member-tags.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useRequest } from '../../../lib/use-request.ts';

/** /members/:id — a member's record, positions held, and the edit form. */
export default function MemberDetailPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const { can } = useSession();
  const navigate = useNavigate();
  const { data: m, error, reload } = useRequest(() => getMember(id), [id]);
  const [editing, setEditing] = useState(false);

  if (error) return <ErrorResult error={error} onRetry={reload} />;
  if (!m || m.id !== id) return <Skeleton active paragraph={{ rows: 8 }} />;

  return (
    <div data-testid="member-detail-page">
      <PageHeader
        title={m.name}
        tags={<StatusTag status={m.status} />}
        subTitle={m.orgPathNames.join(' / ')}
        extra={
          <>
            <Button
              icon={<ArrowLeftOutlined />}
              onClick={() => (window.history.length > 1 ? navigate(-1) : navigate(`/members?orgId=${m.orgId}`))}
            >
              {t('common.back')}
            </Button>
            <DevelopmentCaseButton personId={m.id} status={m.status} />
            {can('member:write') && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            )}
          </>
        }
      />
      <MemberDescriptions member={m} />
      {editing && (
        <MemberFormModal
          mode="edit"
          member={m}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            reload();
          }}
        />
      )}
    </div>
  );
}

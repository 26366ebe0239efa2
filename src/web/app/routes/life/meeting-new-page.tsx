import { Alert, Card, Spin } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { CreateMeetingBody } from '../../../../contracts/life.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getMeetingFormDefaults, recordMeeting } from '../../../features/life/api/life.ts';
import { MeetingForm } from '../../../features/life/components/meeting-form.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useOrgContext } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/** /life/meetings/new — 登记会议, then back to the calendar of the meeting's year. */
export default function MeetingNewPage() {
  const { t } = useI18n();
  const { orgId } = useOrgContext();
  const navigate = useNavigate();
  const defaults = useRequest(() => getMeetingFormDefaults(orgId), [orgId]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (body: CreateMeetingBody) => {
    setSaving(true);
    setError(null);
    try {
      const m = await recordMeeting(body);
      void navigate(`/life?orgId=${m.orgId}&year=${m.heldOn.slice(0, 4)}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div data-testid="meeting-new-page" style={{ maxWidth: 640 }}>
      <PageHeader title={t('life.record')} subTitle={defaults.data?.orgName} />
      {defaults.error ? <Alert type="error" showIcon title={errorMessage(defaults.error)} /> : null}
      <Card size="small">
        {defaults.data ? (
          <MeetingForm defaults={defaults.data} saving={saving} error={error} onSubmit={(b) => void submit(b)} />
        ) : (
          <Spin />
        )}
      </Card>
    </div>
  );
}

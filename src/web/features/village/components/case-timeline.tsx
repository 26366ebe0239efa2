import { Button, Flex, Tag, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { VillageCaseDetail, VillageStepItem } from '../../../../contracts/village.ts';
import { RESOLUTION_BODY_LABELS, VILLAGE_STEP_LABELS, VILLAGE_STEPS } from '../../../../domain/village/vocab.ts';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { uploadVillageStepFiles, villageFileUrl } from '../api/village.ts';

/**
 * The six steps of a case as a timeline: each recorded step with its day, attendance and votes, outcome, minutes and
 * files (a photo can be added later); a step still to come, and one left out (a later step is recorded), marked.
 */
export function CaseTimeline({
  detail,
  onChange,
}: {
  detail: VillageCaseDetail;
  onChange: (d: VillageCaseDetail) => void;
}) {
  const { t } = useI18n();
  const lastIndex = Math.max(-1, ...detail.steps.map((s) => VILLAGE_STEPS.indexOf(s.step)));
  return (
    <Timeline
      data-testid="village-timeline"
      items={VILLAGE_STEPS.map((step, i) => {
        const s = detail.steps.find((x) => x.step === step);
        const flagged = detail.flags.some((f) => f.step === step);
        if (s) {
          return {
            key: step,
            color: s.passed === false ? 'red' : flagged ? 'orange' : 'green',
            children: <RecordedStep caseId={detail.id} s={s} canUpload={detail.canRecord} onChange={onChange} />,
          };
        }
        const skipped = i < lastIndex;
        const required = detail.required.includes(step);
        return {
          key: step,
          color: skipped && required ? 'red' : 'gray',
          children: (
            <div data-testid={`village-step-${step}`}>
              <Typography.Text type="secondary">{label(VILLAGE_STEP_LABELS[step])}</Typography.Text>{' '}
              <Tag>
                {skipped ? t('village.stepSkipped') : required ? t('village.stepPending') : t('village.stepOptional')}
              </Tag>
            </div>
          ),
        };
      })}
    />
  );
}

function RecordedStep({
  caseId,
  s,
  canUpload,
  onChange,
}: {
  caseId: number;
  s: VillageStepItem;
  canUpload: boolean;
  onChange: (d: VillageCaseDetail) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = (v: number | null) => (v === null ? '—' : String(v));
  return (
    <div data-testid={`village-step-${s.step}`}>
      <Flex wrap gap={6} align="center">
        <Typography.Text strong>{label(VILLAGE_STEP_LABELS[s.step])}</Typography.Text>
        <Typography.Text>{s.heldOn}</Typography.Text>
        {s.merged ? <Tag color="blue">{t('village.merged')}</Tag> : null}
        {s.merged && s.oneShoulder ? <Tag color="blue">{t('village.oneShoulder')}</Tag> : null}
        {s.body ? <Tag>{label(RESOLUTION_BODY_LABELS[s.body])}</Tag> : null}
        {s.passed === true ? <Tag color="success">{t('village.passed')}</Tag> : null}
        {s.passed === false ? <Tag color="error">{t('village.notPassed')}</Tag> : null}
        {s.corrections > 0 ? <Tag color="warning">{t('village.corrected', { reason: s.reason })}</Tag> : null}
      </Flex>
      {s.due !== null || s.present !== null ? (
        <div>
          <Typography.Text type="secondary">
            {t('village.attendance', { due: n(s.due), present: n(s.present) })}
            {s.households !== null
              ? `；${t('village.householdsLine', { total: n(s.households), present: n(s.householdsPresent) })}`
              : ''}
          </Typography.Text>
        </div>
      ) : null}
      {s.yes !== null ? (
        <div>
          <Typography.Text type="secondary">
            {t('village.votes', { yes: n(s.yes), no: n(s.no ?? 0), abstain: n(s.abstain ?? 0) })}
          </Typography.Text>
        </div>
      ) : null}
      {s.noticeOn ? (
        <div>
          <Typography.Text type="secondary">{t('village.noticeLine', { date: s.noticeOn })}</Typography.Text>
        </div>
      ) : null}
      {s.form ? (
        <div>
          <Typography.Text type="secondary">{t('village.formLine', { form: s.form })}</Typography.Text>
        </div>
      ) : null}
      {s.minutes ? (
        <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{s.minutes}</Typography.Paragraph>
      ) : null}
      <Flex wrap gap={8} align="center">
        {s.files.map((f) => (
          <Typography.Link key={f.id} href={villageFileUrl(caseId, f.id)} target="_blank">
            {f.filename}
          </Typography.Link>
        ))}
        {canUpload ? (
          <Upload
            multiple
            showUploadList={false}
            accept="image/*,.pdf,.doc,.docx"
            beforeUpload={(_, list) => {
              if (list[0] === _) {
                setBusy(true);
                setError(null);
                uploadVillageStepFiles(caseId, s.id, list)
                  .then(onChange, (e) => setError(errorMessage(e)))
                  .finally(() => setBusy(false));
              }
              return false;
            }}
          >
            <Button size="small" loading={busy} data-testid={`village-upload-${s.step}`}>
              {t('village.upload')}
            </Button>
          </Upload>
        ) : null}
      </Flex>
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
    </div>
  );
}

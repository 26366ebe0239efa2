import { Alert, Button, Card, Descriptions, Flex, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { VillageCaseDetail } from '../../../../contracts/village.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getVillageCase } from '../../../features/village/api/village.ts';
import { StateTag } from '../../../features/village/components/case-list.tsx';
import { CaseTimeline } from '../../../features/village/components/case-timeline.tsx';
import { StepForm } from '../../../features/village/components/step-form.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { label, tm, useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /village/:id — a 四议两公开 case: the matter, its flags with the rule each rests on, the six steps as a timeline, and
 * (for the village, at phone width) the form of the next step.
 */
export default function VillageCasePage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const res = useRequest(() => getVillageCase(id), [id]);
  const [detail, setDetail] = useState<VillageCaseDetail | null>(null);
  const [correcting, setCorrecting] = useState(false);
  useEffect(() => setDetail(res.data ?? null), [res.data]);
  const d = detail;
  return (
    <div data-testid="village-case-page" style={{ maxWidth: 760 }}>
      <PageHeader
        title={d ? d.matter : t('village.title')}
        tags={d ? <StateTag state={d.state} /> : null}
        subTitle={
          d ? (
            <Link to={`/village?orgId=${d.orgId}`} data-testid="village-back">
              {d.orgName} · {t('village.title')}
            </Link>
          ) : undefined
        }
      />
      {res.error ? <Alert type="error" showIcon title={errorMessage(res.error)} /> : null}
      {d ? (
        <Flex vertical gap={16}>
          <Card size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                {
                  key: 'kind',
                  label: t('village.kind'),
                  children: (
                    <>
                      {label(d.kindLabel)} {d.assemblyMatter ? <Tag>{t('village.art24')}</Tag> : null}
                    </>
                  ),
                },
                { key: 'opened', label: t('village.openedOn'), children: d.openedOn },
                {
                  key: 'secretary',
                  label: t('village.secretary'),
                  children: d.village.secretaryName
                    ? `${d.village.secretaryName}${d.village.oneShoulder ? `（${t('village.oneShoulder')}）` : ''}`
                    : t('village.noSecretary'),
                },
                { key: 'decided', label: t('village.decidedOn'), children: d.decidedOn ?? '—' },
                { key: 'due', label: t('village.disclosureDue'), children: d.disclosureDueOn ?? '—' },
                ...(d.note ? [{ key: 'note', label: t('village.note'), children: d.note }] : []),
              ]}
            />
          </Card>
          {d.flags.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              data-testid="village-flags"
              title={t('village.flags')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {d.flags.map((f, i) => (
                    <li key={`${f.flag}-${i}`}>{tm(f.msg, f.message)}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Card size="small" title={t('village.steps')}>
            <CaseTimeline detail={d} onChange={setDetail} />
          </Card>
          {d.state === 'done' ? <Alert type="success" showIcon title={t('village.doneHint')} /> : null}
          {d.state === 'rejected' ? <Alert type="info" showIcon title={t('village.rejectedHint')} /> : null}
          {d.canRecord && d.state === 'open' ? <StepForm key={d.steps.length} detail={d} onSaved={setDetail} /> : null}
          {d.canRecord && d.state !== 'open' && d.steps.length > 0 ? (
            correcting ? (
              <StepForm
                detail={d}
                onSaved={(x) => {
                  setCorrecting(false);
                  setDetail(x);
                }}
              />
            ) : (
              <Button onClick={() => setCorrecting(true)} data-testid="village-correct-open">
                {t('village.correctTitle')}
              </Button>
            )
          ) : null}
        </Flex>
      ) : null}
    </div>
  );
}

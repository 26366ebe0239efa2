import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  List,
  Segmented,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ORG_TYPE_LABELS, ORG_TYPES, type OrgType } from '../../../../domain/org/vocab.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { OrgTreeSelect } from '../../../components/ui/org-tree-select.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import {
  createRound,
  getSystem,
  previewRound,
  type RoundPreview,
  type Targets,
} from '../../../features/assess/api/assess.ts';
import { errorMessage } from '../../../lib/api.ts';
import { toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { fieldLabel, useOrgFields } from '../../../lib/reference-data.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /assess/systems/:id/rounds/new — 发起考核 with a published system: the organisations assessed (picked in the
 * issuer's subtree, or by rule: under an organisation, of these types and fields), previewed (count and list) before
 * anything is created; the dates (自评截止, 评分截止, 自动指标截止日, 公示起止) and the tie-break.
 */
export default function RoundNewPage() {
  const { t, label } = useI18n();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const fields = useOrgFields();
  const sys = useRequest(() => getSystem(id), [id]);
  const [mode, setMode] = useState<'pick' | 'rule'>('rule');
  const [orgIds, setOrgIds] = useState<number[]>([]);
  const [under, setUnder] = useState<number | null>(null);
  const [types, setTypes] = useState<OrgType[]>(['branch']);
  const [ruleFields, setRuleFields] = useState<string[]>([]);
  const [name, setName] = useState<string | null>(null);
  const [selfDue, setSelfDue] = useState<Dayjs | null>(null);
  const [scoreDue, setScoreDue] = useState<Dayjs | null>(null);
  const [cutoff, setCutoff] = useState<Dayjs | null>(null);
  const [publicity, setPublicity] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [secondary, setSecondary] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ key: string; data: RoundPreview } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (sys.error && !sys.data) return <ErrorResult error={sys.error} onRetry={sys.reload} />;
  if (!sys.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const s = sys.data;
  const underId = under ?? s.orgId;
  const targets: Targets =
    mode === 'pick'
      ? { orgIds }
      : { rule: { underOrgId: underId, types, ...(ruleFields.length > 0 ? { fields: ruleFields } : {}) } };
  const key = JSON.stringify(targets);
  const previewed = preview?.key === key ? preview.data : null;
  const roundName = name ?? s.name;

  const check = async () => {
    setError(null);
    if (mode === 'pick' && orgIds.length === 0) return setError(t('assess.round.pickRequired'));
    if (mode === 'rule' && types.length === 0) return setError(t('assess.round.ruleRequired'));
    setBusy(true);
    try {
      setPreview({ key, data: await previewRound(s.id, targets) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const create = async () => {
    setError(null);
    if (!selfDue || !scoreDue || !cutoff || !publicity?.[0] || !publicity[1])
      return setError(t('assess.round.datesRequired'));
    if (!roundName.trim()) return setError(t('assess.round.nameRequired'));
    setBusy(true);
    try {
      const r = await createRound(s.id, {
        ...targets,
        name: roundName.trim(),
        selfDue: toIsoDate(selfDue)!,
        scoreDue: toIsoDate(scoreDue)!,
        cutoff: toIsoDate(cutoff)!,
        publicityFrom: toIsoDate(publicity[0])!,
        publicityTo: toIsoDate(publicity[1])!,
        ...(secondary ? { grading: { secondaryIndicatorId: secondary } } : {}),
      });
      void navigate(`/assess/rounds/${r.id}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <div data-testid="assess-round-new-page" style={{ maxWidth: 860 }}>
      <PageHeader
        title={t('assess.round.newTitle')}
        subTitle={t('assess.round.newSubtitle', { system: s.name, org: s.orgName })}
        extra={<Link to={`/assess/systems/${s.id}`}>{t('assess.round.viewSystem')}</Link>}
      />
      {s.state !== 'published' && (
        <Alert type="warning" showIcon title={t('assess.round.needsPublished')} style={{ marginBottom: 12 }} />
      )}
      <Form layout="vertical" data-testid="round-form">
        <Card size="small" title={t('assess.round.targets')} style={{ marginBottom: 12 }}>
          <Form.Item>
            <Segmented
              block
              value={mode}
              onChange={(v) => setMode(v as 'pick' | 'rule')}
              options={[
                { value: 'rule', label: t('assess.round.modeRule') },
                { value: 'pick', label: t('assess.round.modePick') },
              ]}
            />
          </Form.Item>
          {mode === 'pick' ? (
            <Form.Item label={t('assess.round.orgs')} required>
              <OrgTreeSelect rootId={s.orgId} value={orgIds} onChange={setOrgIds} aria-label={t('assess.round.orgs')} />
            </Form.Item>
          ) : (
            <>
              <Form.Item label={t('assess.round.under')} required>
                <OrgSelect
                  value={underId}
                  onChange={(v) => setUnder(v)}
                  within={s.orgId}
                  style={{ width: '100%' }}
                  aria-label={t('assess.round.under')}
                />
              </Form.Item>
              <Flex gap={12} wrap>
                <Form.Item label={t('assess.round.types')} required style={{ flex: '1 1 240px' }}>
                  <Select<OrgType[]>
                    mode="multiple"
                    value={types}
                    onChange={setTypes}
                    aria-label={t('assess.round.types')}
                    options={ORG_TYPES.map((k) => ({ value: k, label: label(ORG_TYPE_LABELS[k]) }))}
                  />
                </Form.Item>
                <Form.Item label={t('assess.round.fields')} style={{ flex: '1 1 240px' }}>
                  <Select<string[]>
                    mode="multiple"
                    allowClear
                    value={ruleFields}
                    onChange={setRuleFields}
                    placeholder={t('common.all')}
                    aria-label={t('assess.round.fields')}
                    options={fields.map((f) => ({ value: f.code, label: fieldLabel(f.code, fields) }))}
                  />
                </Form.Item>
              </Flex>
            </>
          )}
          <Button onClick={check} loading={busy} data-testid="round-preview-btn">
            {t('assess.round.preview')}
          </Button>
          {previewed && (
            <div data-testid="round-preview" style={{ marginTop: 12 }}>
              <Alert
                type={previewed.count === 0 ? 'warning' : 'info'}
                showIcon
                title={
                  previewed.count === 0
                    ? t('assess.round.previewNone')
                    : t('assess.round.previewCount', { n: previewed.count })
                }
              />
              {previewed.count > 0 && (
                <List
                  size="small"
                  style={{ maxHeight: 280, overflow: 'auto' }}
                  dataSource={previewed.orgs}
                  renderItem={(o) => (
                    <List.Item>
                      {o.name}
                      {o.parentName && <Typography.Text type="secondary">（{o.parentName}）</Typography.Text>}
                    </List.Item>
                  )}
                  footer={
                    previewed.truncated ? (
                      <Typography.Text type="secondary">
                        {t('assess.round.previewMore', { n: previewed.count - previewed.orgs.length })}
                      </Typography.Text>
                    ) : undefined
                  }
                />
              )}
            </div>
          )}
        </Card>
        <Card size="small" title={t('assess.round.settings')} style={{ marginBottom: 12 }}>
          <Form.Item label={t('assess.round.name')} required htmlFor="round-name">
            <Input id="round-name" value={roundName} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item
              label={t('assess.field.selfDue')}
              required
              style={{ flex: '1 1 180px' }}
              htmlFor="round-self-due"
            >
              <DatePicker id="round-self-due" value={selfDue} onChange={setSelfDue} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              label={t('assess.field.scoreDue')}
              required
              style={{ flex: '1 1 180px' }}
              htmlFor="round-score-due"
            >
              <DatePicker id="round-score-due" value={scoreDue} onChange={setScoreDue} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              label={t('assess.field.cutoff')}
              required
              style={{ flex: '1 1 180px' }}
              htmlFor="round-cutoff"
              extra={t('assess.round.cutoffHint')}
            >
              <DatePicker id="round-cutoff" value={cutoff} onChange={setCutoff} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Form.Item label={t('assess.field.publicity')} required>
            <div data-testid="round-publicity">
              <DatePicker.RangePicker value={publicity} onChange={(v) => setPublicity(v ? [v[0], v[1]] : null)} />
            </div>
          </Form.Item>
          <Form.Item label={t('assess.round.secondary')} extra={t('assess.round.secondaryHint')}>
            <Select
              allowClear
              value={secondary}
              onChange={(v) => setSecondary(v ?? null)}
              placeholder={t('assess.round.secondaryNone')}
              aria-label={t('assess.round.secondary')}
              options={s.indicators
                .filter((i) => !i.bonus && i.method?.kind !== 'veto')
                .map((i) => ({ value: i.id, label: i.name }))}
            />
          </Form.Item>
        </Card>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="round-error" />}
        <Space>
          <Button
            type="primary"
            onClick={create}
            loading={busy}
            disabled={!previewed || previewed.count === 0}
            data-testid="round-create"
          >
            {previewed ? t('assess.round.create', { n: previewed.count }) : t('assess.round.createNeedsPreview')}
          </Button>
          <Link to="/assess">{t('common.cancel')}</Link>
        </Space>
      </Form>
    </div>
  );
}

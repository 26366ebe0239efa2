import { CameraOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Radio, Segmented, Upload } from 'antd';
import { useState } from 'react';
import type { MatterDetail } from '../../../../contracts/grid.ts';
import { GRID_MATTER_EVENT_LABELS, type GridMatterEvent } from '../../../../domain/grid/grid-matter.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { matterStep } from '../api/grid.ts';
import { gridVocab } from './grid-tags.tsx';

/**
 * The steps the caller may take on a matter now (its sides decide: 交办 for the grid's organisation and above, 处置
 * and 退回 for the handler, 反馈 for either, 问效 for the 网格员 or the organisation above), each with what it needs.
 */
export function MatterActions({ m, onDone }: { m: MatterDetail; onDone: (d: MatterDetail) => void }) {
  const { t, label } = useI18n();
  const [to, setTo] = useState<'org' | 'dept'>('dept');
  const [orgId, setOrgId] = useState<number | null>(null);
  const [dept, setDept] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [rating, setRating] = useState<string | null>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState<GridMatterEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { ratings } = gridVocab();
  if (m.allowedEvents.length === 0) return null;

  const fire = async (event: GridMatterEvent) => {
    setBusy(event);
    setError(null);
    try {
      const body =
        event === 'assign'
          ? to === 'org'
            ? { event, assigneeOrgId: orgId ?? undefined }
            : { event, assigneeDept: dept.trim() || undefined }
          : event === 'rate'
            ? { event, rating: rating ?? undefined, reason: reason.trim() || undefined }
            : event === 'return'
              ? { event, reason: reason.trim() || undefined }
              : { event, note: note.trim() || undefined };
      const d = await matterStep(m.id, body, event === 'handle' ? photos : []);
      setNote('');
      setReason('');
      setRating(null);
      setPhotos([]);
      onDone(d);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const button = (event: GridMatterEvent, danger = false) => (
    <Button
      type={danger ? 'default' : 'primary'}
      danger={danger}
      loading={busy === event}
      onClick={() => fire(event)}
      data-testid={`matter-${event}`}
    >
      {label(GRID_MATTER_EVENT_LABELS[event])}
    </Button>
  );
  const has = (e: GridMatterEvent) => m.allowedEvents.includes(e);
  const reopens = ratings.find((r) => r.code === rating)?.reopens ?? false;

  return (
    <Card size="small" title={t('grid.actions')} style={{ marginTop: 12 }} data-testid="matter-actions">
      <Flex vertical gap={10}>
        {has('assign') && (
          <Flex vertical gap={8}>
            <Segmented
              value={to}
              onChange={(v) => setTo(v as 'org' | 'dept')}
              options={[
                { value: 'dept', label: t('grid.toDept') },
                { value: 'org', label: t('grid.toOrg') },
              ]}
            />
            {to === 'org' ? (
              <OrgSelect within={m.orgId} value={orgId} onChange={(id) => setOrgId(id)} style={{ width: '100%' }} />
            ) : (
              <Input
                value={dept}
                onChange={(e) => setDept(e.target.value)}
                maxLength={100}
                placeholder={t('grid.deptPlaceholder')}
                data-testid="assign-dept"
              />
            )}
            <div>{button('assign')}</div>
          </Flex>
        )}
        {(has('handle') || has('feedback')) && (
          <Input.TextArea
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={2000}
            placeholder={has('handle') ? t('grid.handlePlaceholder') : t('grid.feedbackPlaceholder')}
            data-testid="matter-note"
          />
        )}
        {has('handle') && (
          <Upload
            accept="image/*"
            capture="environment"
            multiple
            listType="picture"
            fileList={photos.map((f, i) => ({ uid: String(i), name: f.name, status: 'done' as const }))}
            beforeUpload={(f) => {
              setPhotos((p) => [...p, f]);
              return false;
            }}
            onRemove={(f) => setPhotos((p) => p.filter((_, i) => String(i) !== f.uid))}
          >
            <Button icon={<CameraOutlined />}>{t('grid.addPhoto')}</Button>
          </Upload>
        )}
        {has('rate') && (
          <Radio.Group value={rating} onChange={(e) => setRating(e.target.value)} data-testid="matter-rating">
            {ratings.map((r) => (
              <Radio.Button key={r.code} value={r.code}>
                {label(r)}
              </Radio.Button>
            ))}
          </Radio.Group>
        )}
        {(has('return') || (has('rate') && reopens)) && (
          <Input.TextArea
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={2000}
            placeholder={has('rate') ? t('grid.reopenPlaceholder') : t('grid.returnPlaceholder')}
            data-testid="matter-reason"
          />
        )}
        <Flex gap={8} wrap>
          {has('handle') && button('handle')}
          {has('feedback') && button('feedback')}
          {has('rate') && button('rate')}
          {has('return') && button('return', true)}
        </Flex>
        {error && <Alert type="error" showIcon title={error} data-testid="matter-error" />}
      </Flex>
    </Card>
  );
}

import { Alert, App, Button, Flex, Skeleton, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { type EntryFile, getSheet, putEntries, type Sheet } from '../../../features/assess/api/assess.ts';
import { levelText, RoundStateTag } from '../../../features/assess/components/assess-tags.tsx';
import { EntryFiles } from '../../../features/assess/components/entry-files.tsx';
import { type Draft, draftOf, EntryCard, entryOf } from '../../../features/assess/components/entry-input.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /assess/rounds/:id/orgs/:orgId — one organisation's sheet, laid out for a phone: 自评 by the organisation itself
 * during 自评, 评分 by each indicator's scorer during 上级评分 (with the veto), read-only otherwise. Every leaf
 * indicator in order with the input its method needs; the automatic ones show their value and a link to the records.
 */
export default function SheetPage() {
  const { t } = useI18n();
  const params = useParams();
  const id = Number(params.id);
  const orgId = Number(params.orgId);
  const res = useRequest(() => getSheet(id, orgId), [id, orgId]);
  if (res.error && !res.data) return <ErrorResult error={res.error} onRetry={res.reload} />;
  if (!res.data || res.data.round.id !== id || res.data.org.id !== orgId)
    return <Skeleton active paragraph={{ rows: 10 }} />;
  return <SheetForm key={`${id}-${orgId}`} initial={res.data} t={t} />;
}

function SheetForm({ initial, t }: { initial: Sheet; t: ReturnType<typeof useI18n>['t'] }) {
  const { message } = App.useApp();
  const [sheet, setSheet] = useState(initial);
  const side: 'self' | 'score' | null = sheet.items.some((i) => i.canScore)
    ? 'score'
    : sheet.items.some((i) => i.canSelf)
      ? 'self'
      : null;
  const start = useMemo(() => {
    const d: Record<string, Draft> = {};
    for (const i of sheet.items) {
      const mine = side === 'score' ? i.score : side === 'self' ? i.self : null;
      d[i.id] = draftOf(mine?.input, i.max);
    }
    return d;
  }, [sheet, side]);
  const [drafts, setDrafts] = useState(start);
  useEffect(() => setDrafts(start), [start]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Files uploaded since the sheet was read, by indicator (kept apart so an upload never resets the drafts).
  const [files, setFiles] = useState<Record<string, EntryFile[]>>({});
  const r = sheet.round;
  const leaves = sheet.items.filter((i) => i.leaf);
  const editableOf = (i: Sheet['items'][number]) =>
    side === 'score' ? i.canScore : side === 'self' ? i.canSelf : false;

  useEffect(() => {
    document.title = `${sheet.org.name} · ${r.name} · ${t('app.name')}`;
  }, [sheet.org.name, r.name, t]);

  const save = async () => {
    if (!side) return;
    setError(null);
    const entries = leaves
      .filter(editableOf)
      .map((i) => entryOf(i, drafts[i.id], side))
      .filter((e) => e !== null);
    if (entries.length === 0) return setError(t('assess.sheet.nothing'));
    setBusy(true);
    try {
      setSheet(await putEntries(r.id, sheet.org.id, side, entries));
      void message.success(side === 'self' ? t('assess.sheet.selfSaved') : t('assess.sheet.scoreSaved'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="assess-sheet-page" style={{ maxWidth: 560, margin: '0 auto' }}>
      <Flex vertical gap={4} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {sheet.org.name}
        </Typography.Title>
        <Flex gap={6} wrap align="center">
          <Link to={`/assess/rounds/${r.id}`}>{r.name}</Link>
          <RoundStateTag state={r.state} />
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {side === 'self'
            ? t('assess.sheet.selfIntro', { due: formatDate(r.selfDue) })
            : side === 'score'
              ? t('assess.sheet.scoreIntro', { due: formatDate(r.scoreDue) })
              : t('assess.sheet.readOnly')}
        </Typography.Text>
        {sheet.org.manualLevel !== null && (
          <Typography.Text type="secondary">
            {t('assess.sheet.manualLevel', { level: levelText(sheet.org.manualLevel) })}
          </Typography.Text>
        )}
      </Flex>
      <Flex vertical gap={10}>
        {leaves.map((i) => (
          <EntryCard
            key={i.id}
            item={i}
            side={side}
            editable={editableOf(i)}
            draft={drafts[i.id] ?? {}}
            onChange={(d) => setDrafts((all) => ({ ...all, [i.id]: d }))}
            footer={
              <EntryFiles
                roundId={r.id}
                orgId={sheet.org.id}
                indicatorId={i.id}
                files={files[i.id] ?? i.files ?? []}
                canUpload={i.canSelf || i.canScore}
                onFiles={(f) => setFiles((all) => ({ ...all, [i.id]: f }))}
              />
            }
          />
        ))}
      </Flex>
      {side && (
        <div
          style={{
            position: 'sticky',
            bottom: 0,
            background: 'var(--ant-color-bg-layout)',
            padding: '12px 0',
            marginTop: 8,
          }}
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="sheet-error" />}
          <Button type="primary" block size="large" onClick={save} loading={busy} data-testid="sheet-save">
            {side === 'self' ? t('assess.sheet.saveSelf') : t('assess.sheet.saveScore')}
          </Button>
        </div>
      )}
    </div>
  );
}

import { CheckCircleOutlined, DeleteOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Flex, Grid, Row, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useBlocker } from 'react-router';
import type { DeleteDeploymentResult, DeploymentDetail } from '../../../../contracts/deploy.ts';
import { MAX_OUTLINE_ITEMS } from '../../../../domain/files/limits.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatDate, fromIsoDate, today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { type ConfirmResult, confirmDeployment, deleteDeployment, updateDeployment } from '../api/deployments.ts';
import { useOrgNames } from '../hooks/use-org-names.ts';
import { useOutlineEditor } from '../hooks/use-outline-editor.ts';
import {
  changeKind,
  countKinds,
  deleteItem,
  itemAtOffset,
  mergeWithNext,
  moveItem,
  splitItem,
  updateItem,
} from '../lib/outline-ops.ts';
import { ItemEditorDrawer } from './item-editor-drawer.tsx';
import { DeploymentStatusTag, KIND_LABEL_KEYS, KindTag, NODE_KINDS } from './kind-tag.tsx';
import { MoveItemModal } from './move-item-modal.tsx';
import { type OutlineAction, OutlineTree } from './outline-tree.tsx';
import { SourcePanel } from './source-panel.tsx';

type Props = {
  deployment: DeploymentDetail;
  onSaved: (d: DeploymentDetail) => void;
  onConfirmed: (r: ConfirmResult) => void;
  /** The draft was deleted (the screen no longer asks before leaving). */
  onDeleted: (r: DeleteDeploymentResult) => void;
};

/**
 * THE IMPORT SCREEN: the cleaned source text and the outline side by side. The outline is edited on the
 * client (re-kind, edit, merge, split, move, delete; undo) and saved as a whole (PATCH); confirming turns
 * task items into the task list and problem items into the problem list. A confirmed deployment is read-only.
 */
export function ImportScreen({ deployment: d, onSaved, onConfirmed, onDeleted }: Props) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg !== false;
  const readOnly = d.status !== 'draft';
  const ed = useOutlineEditor(d);
  const [selected, setSelected] = useState<string | null>(
    d.items.find((i) => i.kind === 'task')?.key ?? d.items[0]?.key ?? null,
  );
  const [editing, setEditing] = useState<{ key: string; split: boolean } | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const deleted = useRef(false);
  const base = ed.meetingDate ?? toIsoDate(today())!;
  const leadIds = useMemo(
    () => ed.items.map((i) => i.task?.leadOrgId).filter((x): x is number => typeof x === 'number'),
    [ed.items],
  );
  const orgNames = useOrgNames(leadIds);
  const counts = useMemo(() => countKinds(ed.items), [ed.items]);
  const sel = ed.items.find((i) => i.key === selected) ?? null;

  // Leaving with unsaved edits asks first (in the app and when closing the tab).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      !deleted.current && !readOnly && ed.dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('deploy.leave.title'),
      content: t('deploy.leave.text'),
      okText: t('deploy.leave.ok'),
      okButtonProps: { danger: true },
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);
  useEffect(() => {
    if (readOnly || !ed.dirty) return;
    const h = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', h);
    return () => window.removeEventListener('beforeunload', h);
  }, [readOnly, ed.dirty]);

  // Ctrl/Cmd+Z undoes an outline edit (not while typing in a field).
  useEffect(() => {
    if (readOnly) return;
    const h = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement | null)?.tagName;
      if ((e.ctrlKey || e.metaKey) && e.key === 'z' && !e.shiftKey && tag !== 'INPUT' && tag !== 'TEXTAREA') {
        e.preventDefault();
        ed.undo();
      }
    };
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  }, [readOnly, ed]);

  const save = useCallback(async (): Promise<boolean> => {
    setSaving(true);
    setSaveError(null);
    try {
      const next = await updateDeployment(d.id, {
        title: ed.title.trim() || d.title,
        meetingDate: ed.meetingDate,
        items: ed.items,
      });
      ed.reset(next);
      onSaved(next);
      return true;
    } catch (e) {
      setSaveError(errorMessage(e));
      const key = e instanceof ApiError ? (e.details as { key?: unknown } | undefined)?.key : undefined;
      if (typeof key === 'string') setSelected(key);
      return false;
    } finally {
      setSaving(false);
    }
  }, [d.id, d.title, ed, onSaved]);

  const doSave = async () => {
    if (await save()) void message.success(t('deploy.saved'));
  };

  const doConfirm = () => {
    if (counts.task + counts.problem === 0) {
      setSaveError(t('deploy.confirm.nothing'));
      return;
    }
    modal.confirm({
      title: t('deploy.confirm.title'),
      content: (
        <div data-testid="confirm-counts">
          <p style={{ marginTop: 0 }}>{t('deploy.confirm.text', { tasks: counts.task, problems: counts.problem })}</p>
          <Typography.Text type="secondary">{t('deploy.confirm.final')}</Typography.Text>
        </div>
      ),
      okText: t('deploy.confirm.ok'),
      onOk: async () => {
        if (ed.dirty && !(await save())) return;
        try {
          onConfirmed(await confirmDeployment(d.id));
        } catch (e) {
          setSaveError(errorMessage(e));
        }
      },
    });
  };

  const doDelete = () => {
    modal.confirm({
      title: t('deploy.delete.title', { title: d.title }),
      content: t('deploy.delete.text', { n: d.items.length }),
      okText: t('deploy.delete.ok'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          const r = await deleteDeployment(d.id);
          deleted.current = true;
          onDeleted(r);
        } catch (e) {
          setSaveError(errorMessage(e));
        }
      },
    });
  };

  // Splitting is the one edit that adds an item: the outline stays within the limit the server holds it to.
  const outlineFull = () => {
    if (ed.items.length < MAX_OUTLINE_ITEMS) return false;
    void message.error(t('deploy.outline.full', { n: ed.items.length, max: MAX_OUTLINE_ITEMS }));
    return true;
  };

  const onAction = (action: OutlineAction, key: string) => {
    setSelected(key);
    if (action === 'split' && outlineFull()) return;
    if (action === 'edit') setEditing({ key, split: false });
    else if (action === 'split') setEditing({ key, split: true });
    else if (action === 'move') setMoving(key);
    else if (action === 'merge') {
      ed.edit((items) => mergeWithNext(items, key));
      void message.info(t('deploy.merged'));
    } else if (action === 'delete') {
      ed.edit((items) => deleteItem(items, key));
      setSelected(null);
      void message.info(t('deploy.deleted'));
    }
  };

  const height = wide ? 'calc(100vh - 250px)' : '45vh';
  // The outline scrolls inside its box (a large one renders only the items in view): the box has a height on phones too.
  const outlineHeight = wide ? height : '70vh';

  return (
    <div data-testid="import-screen">
      <PageHeader
        title={
          readOnly ? (
            d.title
          ) : (
            <Typography.Text
              editable={{
                onChange: (v) => v.trim() && ed.setTitle(v.trim()),
                tooltip: t('deploy.editTitle'),
                triggerType: ['icon', 'text'],
              }}
              style={{ fontSize: 'inherit', fontWeight: 'inherit' }}
            >
              {ed.title}
            </Typography.Text>
          )
        }
        tags={
          <>
            <DeploymentStatusTag status={d.status} />
            {!readOnly && ed.dirty && <Tag color="warning">{t('deploy.unsaved')}</Tag>}
          </>
        }
        subTitle={
          <Flex gap={12} wrap align="center" component="span">
            <span>{d.orgName}</span>
            {d.sourceName && <span>· {d.sourceName}</span>}
            <span>
              · {t('deploy.meetingDateLabel')}
              {readOnly ? (
                formatDate(d.meetingDate)
              ) : (
                <DatePicker
                  size="small"
                  variant="borderless"
                  value={fromIsoDate(ed.meetingDate)}
                  onChange={(v) => ed.setMeetingDate(toIsoDate(v))}
                  placeholder={t('deploy.meetingDateNone')}
                  aria-label={t('deploy.col.meetingDate')}
                  style={{ width: 130, padding: 0 }}
                />
              )}
            </span>
          </Flex>
        }
        extra={
          readOnly ? undefined : (
            <>
              <Button danger icon={<DeleteOutlined />} onClick={doDelete}>
                {t('deploy.delete.button')}
              </Button>
              <Button icon={<UndoOutlined />} disabled={!ed.canUndo} onClick={ed.undo}>
                {t('deploy.undo')}
              </Button>
              <Button icon={<SaveOutlined />} loading={saving} disabled={!ed.dirty} onClick={doSave}>
                {t('deploy.save')}
              </Button>
              <Button type="primary" icon={<CheckCircleOutlined />} onClick={doConfirm}>
                {t('deploy.confirm.button')}
              </Button>
            </>
          )
        }
      />
      <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }} data-testid="outline-counts">
        {NODE_KINDS.map((k) => (
          <Flex key={k} gap={6} align="center">
            <KindTag kind={k} />
            <Typography.Text strong data-testid={`count-${k}`}>
              {counts[k]}
            </Typography.Text>
          </Flex>
        ))}
        {!readOnly && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('deploy.hint')}
          </Typography.Text>
        )}
      </Flex>
      {saveError && (
        <Alert
          type="error"
          showIcon
          title={saveError}
          closable={{ onClose: () => setSaveError(null) }}
          style={{ marginBottom: 12 }}
          data-testid="save-error"
        />
      )}
      {!readOnly && noStructure(d.items) && (
        <Alert
          type="info"
          showIcon
          title={t('deploy.noStructure')}
          style={{ marginBottom: 12 }}
          data-testid="no-structure"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={t('deploy.source.title')}
            extra={
              <Typography.Text type="secondary">{t('deploy.source.chars', { n: d.sourceText.length })}</Typography.Text>
            }
          >
            <SourcePanel
              text={d.sourceText}
              removed={d.removed}
              height={height}
              span={
                sel && sel.spanStart !== null && sel.spanEnd !== null
                  ? { start: sel.spanStart, end: sel.spanEnd }
                  : null
              }
              onPickOffset={(o) => {
                const hit = itemAtOffset(ed.items, o);
                if (hit) setSelected(hit.key);
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={t('deploy.outline.title')}
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('deploy.outline.items', { n: ed.items.length })}
              </Typography.Text>
            }
            styles={{ body: { padding: 8 } }}
          >
            <div className="luoshi-outline-box" style={{ height: outlineHeight }} data-testid="outline">
              <OutlineTree
                items={ed.items}
                selectedKey={selected}
                onSelect={setSelected}
                readOnly={readOnly}
                orgNames={orgNames.names}
                onAction={onAction}
                onKindChange={(key, kind) => {
                  setSelected(key);
                  ed.edit((items) => changeKind(items, key, kind, base));
                  void message.info(t('deploy.kindChanged', { kind: t(KIND_LABEL_KEYS[kind]) }));
                }}
                onDrop={(drag, target, position) => {
                  ed.edit((items) => moveItem(items, drag, target, position));
                  setSelected(drag);
                }}
              />
            </div>
          </Card>
        </Col>
      </Row>
      {editing && (
        <ItemEditorDrawer
          item={ed.items.find((i) => i.key === editing.key) ?? null}
          orgId={d.orgId}
          baseDate={base}
          focusSplit={editing.split}
          onOrgName={orgNames.remember}
          onClose={() => setEditing(null)}
          onApply={(key, patch) => {
            ed.edit((items) => updateItem(items, key, patch, base));
            setEditing(null);
          }}
          onSplit={(key, patch, at) => {
            if (outlineFull()) return;
            const r = splitItem(updateItem(ed.items, key, patch, base), key, at, d.sourceText, base);
            ed.edit(() => r.items);
            setEditing(null);
            void message.info(t('deploy.splitDone'));
            if (r.newKey) setSelected(r.newKey);
          }}
        />
      )}
      {moving && (
        <MoveItemModal
          items={ed.items}
          itemKey={moving}
          onClose={() => setMoving(null)}
          onMove={(target, position) => {
            ed.edit((items) => moveItem(items, moving, target, position));
            setMoving(null);
          }}
        />
      )}
    </div>
  );
}

/**
 * The parser found no numbering: every item is an unnumbered sentence at the top (a requirement sentence as a
 * candidate), or there is none at all.
 */
function noStructure(items: readonly { numbering: string; parentKey: string | null }[]): boolean {
  return items.every((i) => i.numbering === '' && i.parentKey === null);
}

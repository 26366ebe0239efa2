import { TreeSelect } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OrgSummary } from '../../../contracts/org.ts';
import { ORG_TYPE_LABELS } from '../../../domain/org/vocab.ts';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';

type Props = {
  /** The organisation at the top of the tree (e.g. a task's owner). */
  rootId: number;
  value: number[];
  onChange: (ids: number[]) => void;
  /** Whether the root itself may be chosen (receivers must lie strictly below a task's owner). */
  rootSelectable?: boolean;
  placeholder?: string;
  'aria-label'?: string;
};

type Node = {
  id: number;
  pId: number;
  value: number;
  title: string;
  isLeaf: boolean;
  disabled?: boolean;
  checkable?: boolean;
};

/**
 * Checks several organisations in a subtree; children load on expand (GET /api/orgs/:id/children), so a
 * county of a thousand branches opens quickly. Checking a parent does not check its children.
 */
export function OrgTreeSelect({ rootId, value, onChange, rootSelectable = false, placeholder, ...rest }: Props) {
  const { t, label } = useI18n();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [loaded, setLoaded] = useState<Set<number>>(new Set());
  const [expanded, setExpanded] = useState<(string | number)[]>([]);

  const toNode = useCallback(
    (o: OrgSummary, pId: number): Node => ({
      id: o.id,
      pId,
      value: o.id,
      title: o.name + t('common.paren', { text: label(ORG_TYPE_LABELS[o.type]) }),
      isLeaf: o.childCount === 0,
    }),
    [label],
  );

  useEffect(() => {
    let live = true;
    // The root and its children at once, so that the first level shows when the list opens.
    Promise.all([
      api.get<OrgSummary>(`/api/orgs/${rootId}`),
      api.get<OrgSummary[]>(`/api/orgs/${rootId}/children`),
    ]).then(
      ([root, kids]) => {
        if (!live) return;
        setNodes([
          { ...toNode(root, 0), disabled: !rootSelectable, checkable: rootSelectable },
          ...kids.filter((k) => k.status === 'active').map((k) => toNode(k, root.id)),
        ]);
        setLoaded(new Set([root.id]));
        setExpanded([root.id]);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [rootId, rootSelectable, toNode]);

  const loadData = useCallback(
    async ({ id }: { id?: number }) => {
      if (id === undefined || loaded.has(id)) return;
      const kids = await api.get<OrgSummary[]>(`/api/orgs/${id}/children`);
      setLoaded((s) => new Set(s).add(id));
      setNodes((prev) => [
        ...prev.filter((n) => n.pId !== id),
        ...kids.filter((k) => k.status === 'active').map((k) => toNode(k, id)),
      ]);
    },
    [loaded, toNode],
  );

  const treeData = useMemo(() => nodes, [nodes]);
  return (
    <TreeSelect
      treeDataSimpleMode
      treeData={treeData}
      loadData={(n) => loadData(n as unknown as { id?: number })}
      value={value.map((v) => ({ value: v, label: nodes.find((n) => n.id === v)?.title ?? `#${v}` }))}
      labelInValue
      onChange={(vals: { value: number }[] | undefined) => onChange((vals ?? []).map((v) => v.value))}
      treeCheckable
      treeCheckStrictly
      showCheckedStrategy={TreeSelect.SHOW_ALL}
      placeholder={placeholder ?? t('orgTreeSelect.placeholder')}
      aria-label={rest['aria-label']}
      style={{ width: '100%' }}
      maxTagCount="responsive"
      treeExpandedKeys={expanded}
      onTreeExpand={(keys) => setExpanded(keys as (string | number)[])}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto' } } }}
      allowClear
    />
  );
}

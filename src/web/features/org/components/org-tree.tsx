import { Empty, Spin, Tree, type TreeDataNode } from 'antd';
import { type Key, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { OrgSummary } from '../../../../contracts/org.ts';
import { errorMessage } from '../../../lib/api.ts';
import { onOrgsChanged } from '../../../lib/events.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { getChildren } from '../api/orgs.ts';

type TreeRef = { scrollTo: (arg: { key: Key; align?: 'top' | 'bottom' | 'auto'; offset?: number }) => void };

type Props = {
  root: OrgSummary;
  selectedId: number | null;
  /** The ltree path ("1.11.458") of the organisation to reveal: its ancestors are loaded and expanded. */
  revealPath: string | null;
  onSelect: (org: OrgSummary) => void;
};

/**
 * The organisation tree: starts at the account's scope root and loads children on expand
 * (GET /api/orgs/:id/children, dissolved organisations left out). Virtual scrolling keeps a
 * 500-organisation district fast.
 */
export function OrgTree({ root, selectedId, revealPath, onSelect }: Props) {
  const { t } = useI18n();
  const [nodes, setNodes] = useState<Record<number, OrgSummary>>({ [root.id]: root });
  const [kids, setKids] = useState<Record<number, number[]>>({});
  const [expanded, setExpanded] = useState<Key[]>([root.id]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const inflight = useRef(new Map<number, Promise<void>>());
  const loaded = useRef(new Set<number>());
  const treeRef = useRef<TreeRef | null>(null);
  const boxRef = useRef<HTMLDivElement | null>(null);
  const [height, setHeight] = useState(400);

  const loadChildren = useCallback((id: number, force = false): Promise<void> => {
    if (!force && loaded.current.has(id)) return Promise.resolve();
    const running = inflight.current.get(id);
    if (running && !force) return running;
    const p = getChildren(id)
      .then((list) => {
        loaded.current.add(id);
        setNodes((prev) => {
          const next = { ...prev };
          for (const o of list) next[o.id] = o;
          const self = next[id];
          if (self) next[id] = { ...self, childCount: list.length };
          return next;
        });
        setKids((prev) => ({ ...prev, [id]: list.map((o) => o.id) }));
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(errorMessage(e)))
      .finally(() => inflight.current.delete(id));
    inflight.current.set(id, p);
    return p;
  }, []);

  useEffect(() => {
    void loadChildren(root.id);
  }, [root.id, loadChildren]);

  // Another page added, moved or dissolved organisations: reload the parents it names (if shown).
  useEffect(
    () =>
      onOrgsChanged((ids) => {
        for (const id of ids) if (loaded.current.has(id)) void loadChildren(id, true);
      }),
    [loadChildren],
  );

  // Reveal: load each ancestor's children, expand them, scroll the organisation into view.
  useEffect(() => {
    if (!revealPath) return;
    const ids = revealPath.split('.').map(Number);
    const from = ids.indexOf(root.id);
    if (from < 0) return;
    const chain = ids.slice(from);
    const ancestors = chain.slice(0, -1);
    let live = true;
    void (async () => {
      for (const a of ancestors) await loadChildren(a);
      if (!live) return;
      setExpanded((prev) => [...new Set([...prev, ...ancestors])]);
      const target = chain[chain.length - 1]!;
      requestAnimationFrame(() => live && treeRef.current?.scrollTo({ key: target, align: 'auto', offset: 40 }));
    })();
    return () => {
      live = false;
    };
  }, [revealPath, root.id, loadChildren]);

  useLayoutEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(Math.max(120, el.clientHeight)));
    ro.observe(el);
    setHeight(Math.max(120, el.clientHeight));
    return () => ro.disconnect();
  }, []);

  const treeData = useMemo(() => {
    const build = (id: number): TreeDataNode => {
      const o = nodes[id]!;
      const children = kids[id];
      return {
        key: o.id,
        title: <span title={o.name}>{o.shortName || o.name}</span>,
        isLeaf: children ? children.length === 0 : o.childCount === 0,
        children: children?.filter((c) => nodes[c]).map(build),
      };
    };
    return [build(root.id)];
  }, [nodes, kids, root.id]);

  return (
    <div ref={boxRef} style={{ flex: 1, minHeight: 0 }} data-testid="org-tree">
      {loadError && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={loadError} />}
      {!loadError && !kids[root.id] && root.childCount > 0 && !inflight.current.size && (
        <Spin size="small" style={{ margin: 16 }} />
      )}
      <Tree
        ref={treeRef as never}
        blockNode
        height={height}
        treeData={treeData}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys)}
        selectedKeys={selectedId ? [selectedId] : []}
        loadData={(node) => loadChildren(Number(node.key))}
        onSelect={(_, info) => {
          const org = nodes[Number(info.node.key)];
          if (org) onSelect(org);
        }}
        aria-label={t('tree.label')}
      />
    </div>
  );
}

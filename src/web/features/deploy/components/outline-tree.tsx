import {
  AimOutlined,
  ApartmentOutlined,
  ClockCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  HolderOutlined,
  MergeCellsOutlined,
  MoreOutlined,
  ScissorOutlined,
  SwapOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Empty, Flex, type MenuProps, Tag, Tree, type TreeDataNode, Typography } from 'antd';
import { type Key, useEffect, useMemo, useState } from 'react';
import type { OutlineItem } from '../../../../contracts/deploy.ts';
import { PROGRESS_MODE_LABELS } from '../../../../domain/tasks/progress.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { buildTree, type DropPosition, nextSibling, type OutlineTreeNode } from '../lib/outline-ops.ts';
import { KIND_LABEL_KEYS, KindTag, NODE_KINDS, type NodeKind } from './kind-tag.tsx';

export type OutlineAction = 'edit' | 'merge' | 'split' | 'move' | 'delete';

type Props = {
  items: OutlineItem[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
  readOnly?: boolean;
  /** Names of lead organisations by id, for the task summary line. */
  orgNames?: Record<number, string>;
  onAction?: (action: OutlineAction, key: string) => void;
  onKindChange?: (key: string, kind: NodeKind) => void;
  onDrop?: (dragKey: string, targetKey: string, position: DropPosition) => void;
};

function excerpt(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

/**
 * The outline as a tree: numbering, heading, kind (click the tag to change it), targets, deadlines and named
 * bodies; a menu per node for edit, merge, split, move and delete; drag a node to re-parent or re-order it.
 */
export function OutlineTree({
  items,
  selectedKey,
  onSelect,
  readOnly,
  orgNames = {},
  onAction,
  onKindChange,
  onDrop,
}: Props) {
  const { t, label } = useI18n();
  const tree = useMemo(() => buildTree(items), [items]);
  const parents = useMemo(() => new Set(items.map((i) => i.parentKey).filter((k): k is string => k !== null)), [items]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const expandedKeys = useMemo(() => [...parents].filter((k) => !collapsed.has(k)), [parents, collapsed]);

  // Reveal the selected node: open its ancestors, then bring it into view inside the scrolling panel.
  useEffect(() => {
    if (!selectedKey) return;
    const byKey = new Map(items.map((i) => [i.key, i]));
    const up: string[] = [];
    for (let p = byKey.get(selectedKey)?.parentKey ?? null; p !== null; p = byKey.get(p)?.parentKey ?? null) up.push(p);
    if (up.some((k) => collapsed.has(k))) {
      setCollapsed((prev) => new Set([...prev].filter((k) => !up.includes(k))));
      return;
    }
    // Scroll the panel only (scrollIntoView would scroll the page as well).
    const el = document.querySelector<HTMLElement>(`[data-item-key="${CSS.escape(selectedKey)}"]`);
    const box = el?.closest<HTMLElement>('.luoshi-outline-box');
    if (!el || !box || box.scrollHeight <= box.clientHeight) return;
    const top = el.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    if (
      top < box.scrollTop ||
      top + Math.min(el.offsetHeight, box.clientHeight / 2) > box.scrollTop + box.clientHeight
    ) {
      box.scrollTo({ top: Math.max(0, top - box.clientHeight / 3), behavior: 'smooth' });
    }
  }, [selectedKey, items, collapsed]);

  const actionMenu = (it: OutlineItem): MenuProps => ({
    items: [
      { key: 'edit', icon: <EditOutlined />, label: t('deploy.action.edit') },
      {
        key: 'kind',
        icon: <SwapOutlined />,
        label: t('deploy.action.kind'),
        children: NODE_KINDS.map((k) => ({ key: `kind:${k}`, label: t(KIND_LABEL_KEYS[k]), disabled: k === it.kind })),
      },
      {
        key: 'merge',
        icon: <MergeCellsOutlined />,
        label: t('deploy.action.merge'),
        disabled: !nextSibling(items, it.key),
      },
      { key: 'split', icon: <ScissorOutlined />, label: t('deploy.action.split'), disabled: it.text.trim().length < 2 },
      { key: 'move', icon: <ApartmentOutlined />, label: t('deploy.action.move') },
      { type: 'divider' },
      { key: 'delete', icon: <DeleteOutlined />, label: t('deploy.action.delete'), danger: true },
    ],
    onClick: ({ key, domEvent }) => {
      domEvent.stopPropagation();
      if (key.startsWith('kind:')) onKindChange?.(it.key, key.slice(5) as NodeKind);
      else onAction?.(key as OutlineAction, it.key);
    },
  });

  const renderTitle = (node: OutlineTreeNode) => {
    const it = node.item;
    const ts = it.task;
    const title = it.heading.trim() || excerpt(it.text, 60) || t('deploy.node.empty');
    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: double-click is a mouse shortcut; the node's edit button does the same
      <div
        className="luoshi-node"
        data-item-key={it.key}
        data-kind={it.kind}
        onDoubleClick={() => !readOnly && onAction?.('edit', it.key)}
      >
        <Flex justify="space-between" align="flex-start" gap={8}>
          <div style={{ minWidth: 0, flex: 1 }}>
            {it.numbering && <span className="luoshi-node-num">{it.numbering}</span>}
            <span className={it.heading.trim() ? 'luoshi-node-heading' : 'luoshi-node-heading luoshi-node-noheading'}>
              {title}
            </span>
          </div>
          <Flex gap={2} align="center" style={{ flex: 'none' }} onClick={(e) => e.stopPropagation()}>
            {readOnly ? (
              <KindTag kind={it.kind} />
            ) : (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: NODE_KINDS.map((k) => ({ key: k, label: t(KIND_LABEL_KEYS[k]), disabled: k === it.kind })),
                  onClick: ({ key }) => onKindChange?.(it.key, key as NodeKind),
                }}
              >
                <button
                  type="button"
                  className="luoshi-plain-btn"
                  aria-label={t('deploy.action.kindOf', { name: title })}
                >
                  <KindTag kind={it.kind} />
                </button>
              </Dropdown>
            )}
            {!readOnly && (
              <Dropdown trigger={['click']} menu={actionMenu(it)}>
                <Button
                  type="text"
                  size="small"
                  icon={<MoreOutlined />}
                  aria-label={t('deploy.action.menu', { name: title })}
                />
              </Dropdown>
            )}
          </Flex>
        </Flex>
        {it.heading.trim() && it.text.trim() && <div className="luoshi-node-text">{excerpt(it.text, 90)}</div>}
        {(it.targets.length > 0 || it.deadlines.length > 0 || it.bodies.length > 0) && (
          <Flex gap={4} wrap style={{ marginTop: 4 }}>
            {it.targets.map((x, i) => (
              <Tag key={`t${i}`} icon={<AimOutlined />} color="cyan" title={x.text} style={{ marginInlineEnd: 0 }}>
                {x.value}
                {x.unit}
              </Tag>
            ))}
            {it.deadlines.map((d, i) => (
              <Tag key={`d${i}`} icon={<ClockCircleOutlined />} color="magenta" style={{ marginInlineEnd: 0 }}>
                {d.text}
              </Tag>
            ))}
            {it.bodies.slice(0, 4).map((b) => (
              <Tag key={`b${b}`} icon={<TeamOutlined />} style={{ marginInlineEnd: 0 }}>
                {b}
              </Tag>
            ))}
            {it.bodies.length > 4 && <Tag style={{ marginInlineEnd: 0 }}>+{it.bodies.length - 4}</Tag>}
          </Flex>
        )}
        {it.kind === 'task' && ts && (
          <Typography.Text type="secondary" className="luoshi-node-task">
            {label(PROGRESS_MODE_LABELS[ts.progressMode])}
            {ts.progressMode === 'sum' && ts.targetValue !== null && ` ${ts.targetValue}${ts.targetUnit ?? ''}`}
            {ts.progressMode === 'share' &&
              ts.targetValue !== null &&
              ` ${ts.targetValue}%${t('common.paren', { text: `${t('deploy.task.thresholdShort')} ${ts.shareThreshold ?? '—'}${ts.targetUnit ?? ''}` })}`}
            {' · '}
            {ts.deadline ? t('deploy.task.deadlineShort', { date: ts.deadline }) : t('deploy.task.noDeadline')}
            {ts.leadOrgId !== null &&
              ` · ${t('deploy.task.leadShort', { name: orgNames[ts.leadOrgId] ?? `#${ts.leadOrgId}` })}`}
          </Typography.Text>
        )}
      </div>
    );
  };

  const toData = (nodes: OutlineTreeNode[]): TreeDataNode[] =>
    nodes.map((n) => ({
      key: n.item.key,
      title: renderTitle(n),
      children: n.children.length ? toData(n.children) : undefined,
      isLeaf: n.children.length === 0,
    }));

  if (items.length === 0) return <Empty description={t('deploy.outline.empty')} />;

  return (
    <Tree
      className="luoshi-outline"
      blockNode
      showLine={{ showLeafIcon: false }}
      treeData={toData(tree)}
      expandedKeys={expandedKeys}
      onExpand={(keys: Key[]) => {
        const open = new Set(keys.map(String));
        setCollapsed(new Set([...parents].filter((k) => !open.has(k))));
      }}
      selectedKeys={selectedKey ? [selectedKey] : []}
      onSelect={(_keys, info) => onSelect(String(info.node.key))}
      draggable={
        readOnly ? false : { icon: <HolderOutlined className="luoshi-drag-handle" />, nodeDraggable: () => true }
      }
      allowDrop={() => !readOnly}
      onDrop={(info) => {
        const targetKey = String(info.node.key);
        const dragKey = String(info.dragNode.key);
        const pos = info.node.pos.split('-');
        const relative = info.dropPosition - Number(pos[pos.length - 1]);
        const position: DropPosition = !info.dropToGap ? 'inside' : relative === -1 ? 'before' : 'after';
        onDrop?.(dragKey, targetKey, position);
      }}
      aria-label={t('deploy.outline.title')}
    />
  );
}

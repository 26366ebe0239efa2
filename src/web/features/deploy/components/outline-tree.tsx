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
import { Button, Dropdown, Empty, type GetRef, type MenuProps, Tag, Tree, Typography } from 'antd';
import {
  type Key,
  memo,
  type ReactElement,
  type Ref,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { OutlineItem } from '../../../../contracts/deploy.ts';
import { PROGRESS_MODE_LABELS } from '../../../../domain/tasks/progress.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { buildTree, type DropPosition, keysWithNextSibling, type OutlineTreeNode } from '../lib/outline-ops.ts';
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

/** A node of the tree as antd's Tree holds it: the item itself; its title is rendered only while it is in view. */
type OutlineData = { key: string; item: OutlineItem; children?: OutlineData[]; isLeaf: boolean };

type TreeRef = GetRef<typeof Tree>;

/**
 * From this many items on, only the nodes in view are rendered (antd's virtual list). Below it every node is in the
 * page, so that the browser's find (Ctrl+F) reaches all of them; a seed speech makes 12–39 items.
 */
const VIRTUAL_FROM = 200;

/** The height a node is taken to have until it has been measured (a heading and a line of text). */
const NODE_HEIGHT = 48;

function excerpt(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

/**
 * The outline as a tree: numbering, heading, kind (click the tag to change it), targets, deadlines and named
 * bodies; a menu per node for edit, merge, split, move and delete; drag a node to re-parent or re-order it.
 * The tree scrolls inside the box it fills; a large outline (up to MAX_OUTLINE_ITEMS) renders only the nodes in
 * view, and a node whose item did not change is not rendered again.
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
  const { t } = useI18n();
  const tree = useMemo(() => buildTree(items), [items]);
  const treeData = useMemo(() => toData(tree), [tree]);
  const byKey = useMemo(() => new Map(items.map((i) => [i.key, i])), [items]);
  const parents = useMemo(() => new Set(items.map((i) => i.parentKey).filter((k): k is string => k !== null)), [items]);
  const mergeable = useMemo(() => keysWithNextSibling(items), [items]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const expandedKeys = useMemo(() => [...parents].filter((k) => !collapsed.has(k)), [parents, collapsed]);
  const treeRef = useRef<TreeRef | null>(null);
  const boxRef = useRef<HTMLDivElement | null>(null);
  const [height, setHeight] = useState(0);

  // The callbacks change with every render of the screen; the nodes call them through one stable object.
  const latest = useRef({ onAction, onKindChange });
  useLayoutEffect(() => {
    latest.current = { onAction, onKindChange };
  });
  const handlers = useMemo<NodeHandlers>(
    () => ({
      action: (action, key) => latest.current.onAction?.(action, key),
      kind: (key, kind) => latest.current.onKindChange?.(key, kind),
    }),
    [],
  );

  // The tree is as tall as its box: the virtual list needs a height in pixels.
  useLayoutEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight);
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, []);

  // Reveal the selected node: open its ancestors, then scroll the tree (not the page) to it if it is out of view.
  useEffect(() => {
    if (!selectedKey || height === 0) return;
    const up: string[] = [];
    for (let p = byKey.get(selectedKey)?.parentKey ?? null; p !== null; p = byKey.get(p)?.parentKey ?? null) up.push(p);
    if (up.some((k) => collapsed.has(k))) {
      setCollapsed((prev) => new Set([...prev].filter((k) => !up.includes(k))));
      return;
    }
    treeRef.current?.scrollTo({ key: selectedKey, align: 'auto', offset: 24 });
  }, [selectedKey, byKey, collapsed, height]);

  if (items.length === 0) return <Empty description={t('deploy.outline.empty')} />;

  return (
    <div ref={boxRef} style={{ height: '100%', minHeight: 0 }}>
      {height > 0 && (
        <Tree<OutlineData>
          ref={treeRef as never}
          className="luoshi-outline"
          blockNode
          showLine={{ showLeafIcon: false }}
          height={height}
          itemHeight={NODE_HEIGHT}
          virtual={items.length >= VIRTUAL_FROM}
          treeData={treeData}
          titleRender={(node) => (
            <NodeTitle
              item={node.item}
              readOnly={!!readOnly}
              canMerge={mergeable.has(node.item.key)}
              leadName={leadNameOf(node.item, orgNames)}
              handlers={handlers}
            />
          )}
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
      )}
    </div>
  );
}

function toData(nodes: readonly OutlineTreeNode[]): OutlineData[] {
  return nodes.map((n) => ({
    key: n.item.key,
    item: n.item,
    children: n.children.length ? toData(n.children) : undefined,
    isLeaf: n.children.length === 0,
  }));
}

function leadNameOf(it: OutlineItem, orgNames: Record<number, string>): string | null {
  const id = it.kind === 'task' ? (it.task?.leadOrgId ?? null) : null;
  return id === null ? null : (orgNames[id] ?? `#${id}`);
}

type NodeHandlers = {
  action: (action: OutlineAction, key: string) => void;
  kind: (key: string, kind: NodeKind) => void;
};

type NodeTitleProps = {
  item: OutlineItem;
  readOnly: boolean;
  canMerge: boolean;
  leadName: string | null;
  handlers: NodeHandlers;
};

/**
 * A button whose menu (antd Dropdown) is mounted only while it is open: scrolling through a large outline mounts
 * new nodes all the time, and two idle Dropdowns per node were most of what a node cost. The button keeps the
 * keyboard focus when it opens and closes its menu.
 */
function MenuButton({
  menu,
  button,
}: {
  menu: () => MenuProps;
  button: (ref: Ref<HTMLElement>, open: () => void) => ReactElement;
}) {
  const [open, setOpen] = useState(false);
  const refocus = useRef(false);
  const ref = useRef<HTMLElement | null>(null);
  // After the commit (the tree handles focus events, and its own refs are attached only then).
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    ref.current?.focus();
  }, [open]);
  const toggle = (next: boolean) => {
    refocus.current = document.activeElement !== document.body;
    setOpen(next);
  };
  const el = button(ref, () => toggle(!open));
  if (!open) return el;
  const m = menu();
  return (
    <Dropdown
      open
      trigger={['click']}
      menu={{
        ...m,
        onClick: (info) => {
          toggle(false);
          m.onClick?.(info);
        },
      }}
      onOpenChange={(next) => !next && toggle(false)}
    >
      {el}
    </Dropdown>
  );
}

/** One node's title; rendered again only when its item (or what it shows of the outline) changed. */
const NodeTitle = memo(function NodeTitle({ item: it, readOnly, canMerge, leadName, handlers }: NodeTitleProps) {
  const { t, label } = useI18n();
  const ts = it.task;
  const title = it.heading.trim() || excerpt(it.text, 60) || t('deploy.node.empty');

  const actionMenu = (): MenuProps => ({
    items: [
      { key: 'edit', icon: <EditOutlined />, label: t('deploy.action.edit') },
      {
        key: 'kind',
        icon: <SwapOutlined />,
        label: t('deploy.action.kind'),
        children: NODE_KINDS.map((k) => ({ key: `kind:${k}`, label: t(KIND_LABEL_KEYS[k]), disabled: k === it.kind })),
      },
      { key: 'merge', icon: <MergeCellsOutlined />, label: t('deploy.action.merge'), disabled: !canMerge },
      { key: 'split', icon: <ScissorOutlined />, label: t('deploy.action.split'), disabled: it.text.trim().length < 2 },
      { key: 'move', icon: <ApartmentOutlined />, label: t('deploy.action.move') },
      { type: 'divider' },
      { key: 'delete', icon: <DeleteOutlined />, label: t('deploy.action.delete'), danger: true },
    ],
    onClick: ({ key, domEvent }) => {
      domEvent.stopPropagation();
      if (key.startsWith('kind:')) handlers.kind(it.key, key.slice(5) as NodeKind);
      else handlers.action(key as OutlineAction, it.key);
    },
  });
  const kindMenu = (): MenuProps => ({
    items: NODE_KINDS.map((k) => ({ key: k, label: t(KIND_LABEL_KEYS[k]), disabled: k === it.kind })),
    onClick: ({ key }) => handlers.kind(it.key, key as NodeKind),
  });

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: double-click is a mouse shortcut; the node's edit button does the same
    <div
      className="luoshi-node"
      data-item-key={it.key}
      data-kind={it.kind}
      onDoubleClick={() => !readOnly && handlers.action('edit', it.key)}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 8 }}>
        <div style={{ minWidth: 0, flex: 1 }}>
          {it.numbering && <span className="luoshi-node-num">{it.numbering}</span>}
          <span className={it.heading.trim() ? 'luoshi-node-heading' : 'luoshi-node-heading luoshi-node-noheading'}>
            {title}
          </span>
        </div>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: keeps the node's own buttons from selecting the node */}
        <div
          style={{ display: 'flex', alignItems: 'center', gap: 2, flex: 'none' }}
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => e.stopPropagation()}
        >
          {readOnly ? (
            <KindTag kind={it.kind} />
          ) : (
            <MenuButton
              menu={kindMenu}
              button={(ref, open) => (
                <button
                  ref={ref as Ref<HTMLButtonElement>}
                  type="button"
                  className="luoshi-plain-btn"
                  aria-label={t('deploy.action.kindOf', { name: title })}
                  aria-haspopup="menu"
                  onClick={open}
                >
                  <KindTag kind={it.kind} />
                </button>
              )}
            />
          )}
          {!readOnly && (
            <MenuButton
              menu={actionMenu}
              button={(ref, open) => (
                <Button
                  ref={ref as Ref<HTMLButtonElement>}
                  type="text"
                  size="small"
                  icon={<MoreOutlined />}
                  aria-label={t('deploy.action.menu', { name: title })}
                  aria-haspopup="menu"
                  onClick={open}
                />
              )}
            />
          )}
        </div>
      </div>
      {it.heading.trim() && it.text.trim() && <div className="luoshi-node-text">{excerpt(it.text, 90)}</div>}
      {(it.targets.length > 0 || it.deadlines.length > 0 || it.bodies.length > 0) && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }}>
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
        </div>
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
          {leadName !== null && ` · ${t('deploy.task.leadShort', { name: leadName })}`}
        </Typography.Text>
      )}
    </div>
  );
});

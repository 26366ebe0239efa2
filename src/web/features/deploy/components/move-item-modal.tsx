import { Form, Modal, Radio, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { OutlineItem } from '../../../../contracts/deploy.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { buildTree, type DropPosition, descendantKeys, type OutlineTreeNode } from '../lib/outline-ops.ts';

const TOP = '__top__';

type TreeOption = { value: string; title: string; disabled?: boolean; children?: TreeOption[] };

/** 移动到…: puts an item (with its subtree) under another item, next to it, or at the top level. */
export function MoveItemModal({
  items,
  itemKey,
  onMove,
  onClose,
}: {
  items: OutlineItem[];
  itemKey: string;
  onMove: (target: string | null, position: DropPosition) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [target, setTarget] = useState<string | undefined>(undefined);
  const [position, setPosition] = useState<DropPosition>('inside');
  const item = items.find((i) => i.key === itemKey);
  const banned = useMemo(() => new Set([itemKey, ...descendantKeys(items, itemKey)]), [items, itemKey]);

  const options = useMemo(() => {
    const toOpt = (nodes: OutlineTreeNode[]): TreeOption[] =>
      nodes.map((n) => {
        const name = `${n.item.numbering ? `${n.item.numbering} ` : ''}${n.item.heading || n.item.text}`.slice(0, 40);
        return {
          value: n.item.key,
          title: name,
          disabled: banned.has(n.item.key),
          children: n.children.length ? toOpt(n.children) : undefined,
        };
      });
    return [{ value: TOP, title: t('deploy.move.top') }, ...toOpt(buildTree(items))];
  }, [items, banned, t]);

  const name = item ? item.heading || item.text.slice(0, 30) : '';
  return (
    <Modal
      open
      title={t('deploy.move.title', { name })}
      okText={t('deploy.move.ok')}
      okButtonProps={{ disabled: !target }}
      onOk={() => target && onMove(target === TOP ? null : target, target === TOP ? 'inside' : position)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('deploy.move.target')}>
          <TreeSelect
            value={target}
            onChange={(v) => setTarget(v)}
            treeData={options}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('deploy.move.targetPlaceholder')}
            styles={{ popup: { root: { maxHeight: 420, overflow: 'auto' } } }}
            aria-label={t('deploy.move.target')}
          />
        </Form.Item>
        {target && target !== TOP && (
          <Form.Item label={t('deploy.move.position')}>
            <Radio.Group
              value={position}
              onChange={(e) => setPosition(e.target.value as DropPosition)}
              options={[
                { value: 'inside', label: t('deploy.move.inside') },
                { value: 'before', label: t('deploy.move.before') },
                { value: 'after', label: t('deploy.move.after') },
              ]}
            />
          </Form.Item>
        )}
      </Form>
      <Typography.Text type="secondary">{t('deploy.move.hint')}</Typography.Text>
    </Modal>
  );
}

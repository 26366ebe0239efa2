import { Collapse, Empty, Flex, Tag, Typography } from 'antd';
import { useLayoutEffect, useRef } from 'react';
import type { DeploymentDetail } from '../../../../contracts/deploy.ts';
import { useI18n } from '../../../lib/i18n.ts';

type Props = {
  text: string;
  removed: DeploymentDetail['removed'];
  /** [start, end) UTF-16 offsets of the selected item's span. */
  span: { start: number; end: number } | null;
  /** A click in the text (no selection made): the offset clicked. */
  onPickOffset?: (offset: number) => void;
  height: number | string;
};

/**
 * The cleaned source text with the selected item's span highlighted and scrolled into view; clicking a
 * passage selects its item. Below it, what the importer removed as noise, with the reason.
 */
export function SourcePanel({ text, removed, span, onPickOffset, height }: Props) {
  const { t } = useI18n();
  const boxRef = useRef<HTMLDivElement | null>(null);
  const markRef = useRef<HTMLElement | null>(null);

  const s =
    span && span.start >= 0 && span.end > span.start && span.start < text.length
      ? { start: span.start, end: Math.min(span.end, text.length) }
      : null;

  // Scroll only the panel (not the page) so that the highlight's top sits a third down the view.
  useLayoutEffect(() => {
    const box = boxRef.current;
    const mark = markRef.current;
    if (!box || !mark) return;
    const top = mark.offsetTop; // the box is the mark's offset parent (position: relative)
    const visible =
      top >= box.scrollTop + 16 &&
      top + Math.min(mark.offsetHeight, box.clientHeight / 2) <= box.scrollTop + box.clientHeight - 16;
    if (!visible) box.scrollTo({ top: Math.max(0, top - box.clientHeight / 3), behavior: 'smooth' });
  }, [s?.start, s?.end]);

  const onClick = () => {
    if (!onPickOffset) return;
    const sel = window.getSelection();
    if (!sel?.isCollapsed || !sel.anchorNode) return;
    const el =
      sel.anchorNode.nodeType === Node.TEXT_NODE ? sel.anchorNode.parentElement : (sel.anchorNode as HTMLElement);
    const start = Number(el?.closest('[data-start]')?.getAttribute('data-start'));
    if (Number.isFinite(start)) onPickOffset(start + sel.anchorOffset);
  };

  return (
    <Flex vertical gap={12} style={{ minHeight: 0 }}>
      {/* biome-ignore lint/a11y/useSemanticElements: the source holds highlighted marks, which a textarea cannot show */}
      <div
        ref={boxRef}
        className="luoshi-source"
        style={{ height, position: 'relative' }}
        onClick={onClick}
        onKeyUp={onClick}
        role="textbox"
        aria-readonly="true"
        aria-multiline="true"
        tabIndex={0}
        data-testid="source-text"
        aria-label={t('deploy.source.title')}
      >
        {text ? (
          s ? (
            <>
              <span data-start={0}>{text.slice(0, s.start)}</span>
              <mark ref={markRef} data-start={s.start} className="luoshi-source-mark">
                {text.slice(s.start, s.end)}
              </mark>
              <span data-start={s.end}>{text.slice(s.end)}</span>
            </>
          ) : (
            <span data-start={0}>{text}</span>
          )
        ) : (
          <Empty description={t('deploy.source.empty')} />
        )}
      </div>
      <Collapse
        size="small"
        items={[
          {
            key: 'removed',
            label: t('deploy.source.removed', { n: removed.length }),
            collapsible: removed.length ? undefined : 'disabled',
            children: (
              <Flex vertical gap={8} data-testid="removed-noise">
                {removed.map((r, i) => (
                  <Flex key={i} gap={8} align="baseline">
                    <Tag style={{ flex: 'none' }}>{r.reason}</Tag>
                    <Typography.Text type="secondary" delete style={{ wordBreak: 'break-all' }}>
                      {r.text}
                    </Typography.Text>
                  </Flex>
                ))}
              </Flex>
            ),
          },
        ]}
      />
    </Flex>
  );
}

import { Tooltip, Typography } from 'antd';
import { useI18n } from '../../../lib/i18n.ts';

type Rule = { id: string; source: string; article: string | null; tag: 'C' | 'S'; summary?: string };

/** A rule's citation: its id, the document and article, and its tag (C confirmed, S secondary or local). */
export function RuleCite({ rule }: { rule: Rule }) {
  const { t } = useI18n();
  return (
    <Tooltip title={t(rule.tag === 'C' ? 'dev.tag.C' : 'dev.tag.S')}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {rule.id} · 《{rule.source}》{rule.article ?? ''} [{rule.tag}]
      </Typography.Text>
    </Tooltip>
  );
}

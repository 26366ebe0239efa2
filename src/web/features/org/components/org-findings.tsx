import { Alert, Flex, Typography } from 'antd';
import type { OrgDetail } from '../../../../contracts/org.ts';
import { useI18n } from '../../../lib/i18n.ts';

const order = { error: 0, warning: 1, info: 2 } as const;

/** What the setup rules found about this organisation, most serious first, each naming its rule. */
export function OrgFindings({ findings }: { findings: OrgDetail['findings'] }) {
  const { t, tm } = useI18n();
  if (findings.length === 0) {
    return <Alert type="success" showIcon title={t('findings.none')} style={{ marginBottom: 16 }} />;
  }
  const sorted = [...findings].sort((a, b) => order[a.level] - order[b.level]);
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }} data-testid="org-findings">
      {sorted.map((f) => (
        <Alert
          key={f.code}
          type={f.level}
          showIcon
          title={tm(f.msg, f.message)}
          description={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('findings.basis')}
              {f.rule.source}
              {f.rule.article ? ` ${f.rule.article}` : ''}
              {' · '}
              {f.rule.confidence === 'C' ? t('findings.confidenceC') : t('findings.confidenceS')}
            </Typography.Text>
          }
        />
      ))}
    </Flex>
  );
}

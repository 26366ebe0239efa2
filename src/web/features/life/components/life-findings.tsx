import { List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { LifeFinding } from '../../../../contracts/life.ts';
import { tm, useI18n } from '../../../lib/i18n.ts';

/** Findings of the compliance check, each with the rule it applies and where the rule comes from. */
export function LifeFindings({ findings }: { findings: readonly LifeFinding[] }) {
  const { t } = useI18n();
  if (findings.length === 0) return <Typography.Text type="secondary">{t('life.noFindings')}</Typography.Text>;
  return (
    <List
      size="small"
      data-testid="life-findings"
      dataSource={[...findings]}
      renderItem={(f) => (
        <List.Item>
          <List.Item.Meta
            title={
              <span>
                <Tag color={f.code === 'missing' ? 'red' : f.code === 'late' ? 'purple' : 'orange'}>
                  {t(`life.code.${f.code}`)}
                </Tag>
                {f.meetingId !== null ? (
                  <Link to={`/life/meetings/${f.meetingId}`}>{tm(f.msg, f.message)}</Link>
                ) : (
                  tm(f.msg, f.message)
                )}
              </span>
            }
            description={t('life.rule', {
              summary: f.summary,
              source: f.source,
              article: f.article ?? '',
              tag: f.tag,
              id: f.ruleId,
            })}
          />
        </List.Item>
      )}
    />
  );
}

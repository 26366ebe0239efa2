import { Alert, Form, Input, List } from 'antd';
import type { BurdenWarning as Warning } from '../../../contracts/burden.ts';
import { ApiError } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';

const SHOWN = 10;

/** The burden warning an assignment preview or a refused request carries (null when nothing is over a cap). */
export function burdenWarningOf(e: unknown): { warning: Warning; seed: number | null } | null {
  if (!(e instanceof ApiError) || e.msg?.key !== 'err.burden.reasonRequired') return null;
  const d = e.details as { burden?: Warning; seed?: number } | null;
  return d?.burden ? { warning: d.burden, seed: typeof d.seed === 'number' ? d.seed : null } : null;
}

/**
 * 基层减负: the organisations a new assignment or supervision would take over a cap, and the reason the issuer must
 * give to go ahead (kept with it, shown on the burden page). Nothing is refused for being over a cap.
 */
export function BurdenWarning({
  warning,
  reason,
  onReason,
}: {
  warning: Warning;
  reason: string;
  onReason: (v: string) => void;
}) {
  const { t } = useI18n();
  if (warning.overCount === 0) return null;
  const shown = warning.overruns.slice(0, SHOWN);
  return (
    <div data-testid="burden-warning" style={{ marginTop: 12 }}>
      <Alert
        type="warning"
        showIcon
        title={t('burden.warnTitle', { n: warning.overCount })}
        description={
          <>
            <List
              size="small"
              dataSource={shown}
              renderItem={(o) => (
                <List.Item style={{ paddingInline: 0 }}>
                  {o.rule === 'issuer'
                    ? t('burden.overrunIssuer', { org: o.orgName, before: o.count - 1, max: o.max })
                    : t('burden.overrunLevel', {
                        org: o.orgName,
                        per: t(`burden.per.${o.per}`),
                        before: o.count - 1,
                        max: o.max,
                      })}
                </List.Item>
              )}
              footer={
                warning.overCount > shown.length ? t('burden.more', { n: warning.overCount - shown.length }) : undefined
              }
            />
            {t('burden.warnIntro')}
          </>
        }
      />
      <Form.Item label={t('burden.reason')} required style={{ marginTop: 12, marginBottom: 0 }}>
        <Input.TextArea
          value={reason}
          onChange={(e) => onReason(e.target.value)}
          maxLength={500}
          showCount
          autoSize={{ minRows: 2, maxRows: 4 }}
          aria-label={t('burden.reason')}
        />
      </Form.Item>
    </div>
  );
}

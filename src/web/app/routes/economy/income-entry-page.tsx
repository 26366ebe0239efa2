import { Alert, Card, Flex, Select, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { IncomeEntryDto } from '../../../../contracts/economy.ts';
import type { IncomePeriod } from '../../../../domain/economy/vocab.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getVillageIncome } from '../../../features/economy/api/economy.ts';
import { formatWan, formatYuan } from '../../../features/economy/components/format.ts';
import { IncomeEntries } from '../../../features/economy/components/income-entries.tsx';
import { IncomeForm } from '../../../features/economy/components/income-form.tsx';
import { VillageMarks } from '../../../features/economy/components/village-table.tsx';
import { today } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /economy/entry?orgId&year — a village's collective income on a phone (375 px): the year's figures and marks, the
 * form (the annual statement or a quarter, by kind, in 元, with photos of the statement), and every entry as written,
 * the one in force correctable (a correction is a new entry naming it, with the reason).
 */
export default function IncomeEntryPage() {
  const { t } = useI18n();
  const { orgId } = useOrgContext();
  const q = useQueryState();
  const thisYear = today().year();
  // Without ?year the server's current year (the browser's clock is not the server's).
  const yearParam = Number(q.get('year')) || undefined;
  const res = useRequest(() => getVillageIncome(orgId, yearParam), [orgId, yearParam]);
  const [correcting, setCorrecting] = useState<IncomeEntryDto | null>(null);
  const [saved, setSaved] = useState(false);
  const d = res.data;

  if (res.error) return <ErrorResult error={res.error} onRetry={res.reload} />;
  if (!d) return <Skeleton active paragraph={{ rows: 8 }} />;
  const f = d.figures;
  const year = d.year;
  const years = [...new Set([thisYear, year, ...Array.from({ length: 6 }, (_, i) => thisYear - i)])].sort(
    (a, b) => b - a,
  );
  return (
    <div data-testid="income-entry-page" style={{ maxWidth: 640 }}>
      <PageHeader
        title={t('economy.entryTitle')}
        subTitle={d.orgName}
        extra={
          <Space wrap>
            <Select
              value={year}
              style={{ width: 110 }}
              onChange={(v) => {
                setCorrecting(null);
                q.set({ year: v });
              }}
              options={years.map((y) => ({ value: y, label: t('economy.yearN', { year: y }) }))}
            />
            <Link to={`/economy?orgId=${orgId}&year=${year}`}>{t('economy.toTable')}</Link>
          </Space>
        }
      />
      {!d.isVillage && <Alert type="info" showIcon title={t('economy.notVillage')} style={{ marginBottom: 12 }} />}
      {d.isVillage && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="income-figures">
          {f ? (
            <>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t('economy.figures.operating', { yuan: formatYuan(f.operating), wan: formatWan(f.operating) })}
              </Typography.Title>
              <Typography.Text type="secondary">
                {t('economy.figures.total', { yuan: formatYuan(f.total) })}
              </Typography.Text>
            </>
          ) : (
            <Typography.Text type="secondary">{t('economy.figures.none', { year })}</Typography.Text>
          )}
          <Flex gap={4} wrap style={{ marginTop: 6 }}>
            <VillageMarks row={{ mark: d.mark, reaching: false, figures: f }} />
          </Flex>
        </Card>
      )}
      {saved && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setSaved(false)}
          title={t('economy.saved')}
          style={{ marginBottom: 12 }}
          data-testid="income-saved"
        />
      )}
      {d.canReport && (
        <Card
          size="small"
          title={correcting ? t('economy.form.correctTitle') : t('economy.form.title', { year })}
          style={{ marginBottom: 12 }}
        >
          <IncomeForm
            key={correcting?.id ?? `new-${year}-${d.entries.length}`}
            orgId={orgId}
            year={year}
            correcting={correcting}
            taken={d.entries
              .filter((e) => e.correctsId === null)
              .map((e): IncomePeriod => (e.quarter === null ? 'year' : (`q${e.quarter}` as IncomePeriod)))}
            onSaved={() => {
              setCorrecting(null);
              setSaved(true);
              res.reload();
            }}
            onCancel={correcting ? () => setCorrecting(null) : undefined}
          />
        </Card>
      )}
      <Typography.Title level={5}>{t('economy.entries.title')}</Typography.Title>
      <IncomeEntries
        entries={d.entries}
        canReport={d.canReport}
        onCorrect={(e) => {
          setSaved(false);
          setCorrecting(e);
          window.scrollTo({ top: 0, behavior: 'smooth' });
        }}
      />
    </div>
  );
}

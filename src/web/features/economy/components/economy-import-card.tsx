import { Tag } from 'antd';
import { ColumnImportCard } from '../../../components/ui/column-import-card.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { downloadIncomeImportErrors, importIncome } from '../api/economy.ts';

const FIELDS = [
  'village',
  'code',
  'town',
  'year',
  'quarter',
  'business',
  'contracting',
  'investment',
  'subsidy',
  'other',
  'note',
  'seq',
] as const;

/**
 * 导入村级集体经济收入统计表: choose the list, check it (each problem by row and column), adjust the column mapping when a
 * column was not recognised, then import it whole; the same list (or its export) imported again adds nothing, a row
 * with other amounts corrects the village's entry.
 */
export function EconomyImportCard({ orgId, onImported }: { orgId: number; onImported: () => void }) {
  const { t } = useI18n();
  return (
    <ColumnImportCard
      keys="economy.import"
      testId="economy-import"
      fields={FIELDS}
      send={(file, commit, mapping) => importIncome(orgId, file, commit, mapping)}
      downloadErrors={(file, name, mapping) => downloadIncomeImportErrors(orgId, file, name, mapping)}
      onImported={onImported}
      summary={(r) =>
        r.committed
          ? t('economy.import.done', { created: r.created, corrected: r.corrected, existing: r.existing })
          : t('economy.import.ready', {
              n: r.valid,
              created: r.rows.filter((x) => x.outcome === 'new').length,
              corrected: r.rows.filter((x) => x.outcome === 'corrects').length,
              existing: r.existing,
            })
      }
      extra={(r) =>
        r.wanColumns.length > 0 && (
          <Tag color="gold">{t('economy.import.wan', { columns: r.wanColumns.join('、') })}</Tag>
        )
      }
    />
  );
}

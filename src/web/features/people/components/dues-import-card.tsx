import { ColumnImportCard } from '../../../components/ui/column-import-card.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { downloadDuesImportErrors, importDuesLedger } from '../api/dues.ts';

const FIELDS = ['name', 'idNumber', 'month', 'amount', 'due', 'paidOn', 'proxy', 'note', 'seq'] as const;

/**
 * 导入党费收缴登记表: choose the ledger, check it (each problem by row and column), adjust the column mapping if a
 * column was not recognised (the mapping is remembered for the next ledger of these columns), then import it whole;
 * the same file imported again adds nothing.
 */
export function DuesImportCard({ orgId, onImported }: { orgId: number; onImported: () => void }) {
  const { t } = useI18n();
  return (
    <ColumnImportCard
      keys="dues.import"
      testId="dues-import"
      fields={FIELDS}
      send={(file, commit, mapping) => importDuesLedger(orgId, file, commit, mapping)}
      downloadErrors={(file, name, mapping) => downloadDuesImportErrors(orgId, file, name, mapping)}
      onImported={onImported}
      summary={(r) =>
        r.committed
          ? t('dues.import.done', { created: r.created, existing: r.existing })
          : t('dues.import.ready', { n: r.valid, created: r.valid - r.existing, existing: r.existing })
      }
    />
  );
}

import { ColumnImportCard } from '../../../components/ui/column-import-card.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { downloadMatterImportErrors, importMatters } from '../api/grid.ts';

const FIELDS = [
  'grid',
  'org',
  'category',
  'text',
  'location',
  'reportedOn',
  'source',
  'residentName',
  'residentPhone',
  'seq',
] as const;

/**
 * 导入网格事项登记表: choose the list, check it (each problem by row and column), adjust the column mapping when a
 * column was not recognised, then import it whole; the same list (or its export) imported again adds nothing.
 */
export function GridImportCard({ orgId, onImported }: { orgId: number; onImported: () => void }) {
  const { t } = useI18n();
  return (
    <ColumnImportCard
      keys="grid.import"
      testId="grid-import"
      fields={FIELDS}
      send={(file, commit, mapping) => importMatters(orgId, file, commit, mapping)}
      downloadErrors={(file, name, mapping) => downloadMatterImportErrors(orgId, file, name, mapping)}
      onImported={onImported}
      summary={(r) =>
        r.committed
          ? t('grid.import.done', { created: r.created, existing: r.existing })
          : t('grid.import.ready', { n: r.valid, created: r.valid - r.existing, existing: r.existing })
      }
    />
  );
}

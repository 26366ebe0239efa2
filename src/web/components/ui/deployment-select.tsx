import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { DeploymentSummary } from '../../../contracts/deploy.ts';
import { api, toQuery } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';

/** Picks one of the confirmed deployments of an organisation's subtree (for filtering tasks and lists). */
export function DeploymentSelect({
  orgId,
  value,
  onChange,
  style,
}: {
  orgId: number;
  value: number | undefined;
  onChange: (id: number | undefined) => void;
  style?: React.CSSProperties;
}) {
  const { t } = useI18n();
  const [list, setList] = useState<DeploymentSummary[]>([]);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let live = true;
    setLoading(true);
    api.get<DeploymentSummary[]>(`/api/deployments${toQuery({ orgId, status: 'confirmed' })}`).then(
      (r) => {
        if (!live) return;
        setList(r);
        setLoading(false);
      },
      () => live && setLoading(false),
    );
    return () => {
      live = false;
    };
  }, [orgId]);

  const options = list.map((d) => ({ value: d.id, label: d.title }));
  if (value && !list.some((d) => d.id === value)) options.unshift({ value, label: `#${value}` });
  return (
    <Select<number>
      allowClear
      loading={loading}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      placeholder={t('filter.deployment')}
      aria-label={t('filter.deployment')}
      options={options}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: 220, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}

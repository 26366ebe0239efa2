import { Select, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { OrgSearchHit, OrgSearchParams, OrgSummary } from '../../../contracts/org.ts';
import { api, toQuery } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';

type Props = {
  value?: number | null;
  onChange?: (id: number | null, org: OrgSearchHit | null) => void;
  /** Search inside this organisation's subtree (default: the account's scope). */
  within?: number;
  /** Organisations that may not be chosen (e.g. the one being moved). */
  disabledIds?: readonly number[];
  includeDissolved?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
  'aria-label'?: string;
};

/** Picks an organisation by searching names and codes (GET /api/orgs/search). */
export function OrgSelect({
  value,
  onChange,
  within,
  disabledIds = [],
  includeDissolved = false,
  placeholder,
  allowClear,
  style,
  id,
  ...rest
}: Props) {
  const { t } = useI18n();
  const [hits, setHits] = useState<OrgSearchHit[]>([]);
  const [searching, setSearching] = useState(false);
  const [known, setKnown] = useState<Record<number, string>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const seq = useRef(0);

  // A value set from outside (URL, defaults) still shows its name.
  useEffect(() => {
    if (!value || known[value] || hits.some((h) => h.id === value)) return;
    let live = true;
    api.get<OrgSummary>(`/api/orgs/${value}`).then(
      (o) => live && setKnown((k) => ({ ...k, [o.id]: o.name })),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [value, known, hits]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    const text = q.trim();
    if (!text) {
      setHits([]);
      setSearching(false);
      return;
    }
    setSearching(true);
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      api
        .get<OrgSearchHit[]>(`/api/orgs/search${toQuery({ q: text, within, limit: 30 } satisfies OrgSearchParams)}`)
        .then(
          (r) => {
            if (mine !== seq.current) return;
            setHits(includeDissolved ? r : r.filter((h) => h.status === 'active'));
            setSearching(false);
          },
          () => mine === seq.current && setSearching(false),
        );
    }, 250);
  };

  const options = useMemo(() => {
    const list = hits.map((h) => ({ value: h.id, label: h.name, hit: h, disabled: disabledIds.includes(h.id) }));
    if (value && !hits.some((h) => h.id === value))
      list.unshift({
        value,
        label: known[value] ?? `#${value}`,
        hit: null as unknown as OrgSearchHit,
        disabled: false,
      });
    return list;
  }, [hits, value, known, disabledIds]);

  return (
    <Select<number>
      id={id}
      aria-label={rest['aria-label']}
      value={value ?? undefined}
      style={style}
      allowClear={allowClear}
      placeholder={placeholder ?? t('orgSelect.placeholder')}
      showSearch={{ onSearch: search, filterOption: false }}
      options={options}
      notFoundContent={searching ? <Spin size="small" /> : t('orgSelect.typeToSearch')}
      onChange={(v, opt) => {
        const hit = (Array.isArray(opt) ? null : (opt as { hit?: OrgSearchHit } | undefined)?.hit) ?? null;
        if (hit) setKnown((k) => ({ ...k, [hit.id]: hit.name }));
        onChange?.(v ?? null, hit);
      }}
      optionRender={(opt) => {
        const hit = (opt.data as { hit?: OrgSearchHit | null }).hit;
        if (!hit) return opt.label;
        return (
          <div style={{ lineHeight: 1.35, padding: '2px 0' }}>
            <div>
              {hit.name} {hit.status === 'dissolved' && <Tag color="default">{t('org.dissolved')}</Tag>}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {hit.pathNames.slice(0, -1).join(' / ')}
            </Typography.Text>
          </div>
        );
      }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 280, maxWidth: 480 } } }}
    />
  );
}

import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { OrgSearchHit } from '../../../../contracts/org.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { searchOrgs } from '../api/orgs.ts';

/** Finds an organisation by name or code within the account's scope and jumps to it. */
export function OrgSearchBox({ within, onPick }: { within: number; onPick: (hit: OrgSearchHit) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<OrgSearchHit[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const seq = useRef(0);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const search = (q: string) => {
    setText(q);
    if (timer.current) clearTimeout(timer.current);
    if (!q.trim()) {
      setHits([]);
      return;
    }
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      searchOrgs(q.trim(), within).then(
        (r) => mine === seq.current && setHits(r.filter((h) => h.status === 'active')),
        () => undefined,
      );
    }, 250);
  };

  return (
    <AutoComplete
      value={text}
      style={{ width: '100%' }}
      options={hits.map((h) => ({
        value: String(h.id),
        label: (
          <div style={{ lineHeight: 1.35, padding: '2px 0' }}>
            <div>
              {h.name} <Tag style={{ marginInlineStart: 4 }}>{h.code}</Tag>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {h.pathNames.slice(0, -1).join(' / ')}
            </Typography.Text>
          </div>
        ),
      }))}
      onSearch={search}
      onSelect={(id: string) => {
        const hit = hits.find((h) => String(h.id) === id);
        setText('');
        setHits([]);
        if (hit) onPick(hit);
      }}
      notFoundContent={text.trim() ? t('common.noMatch') : null}
      popupMatchSelectWidth={320}
    >
      <Input prefix={<SearchOutlined />} placeholder={t('tree.search')} allowClear aria-label={t('tree.search')} />
    </AutoComplete>
  );
}

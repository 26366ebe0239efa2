import { Alert, Breadcrumb, Button, Card } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getHubOrgs, getHubRegions } from '../../../features/hub/api/hub.ts';
import { HubFiguresTable, type HubRow } from '../../../features/hub/components/hub-figures-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';

const crumb = (text: string, go: () => void) => (
  <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={go}>
    {text}
  </Button>
);

type Level = { region: string; regionName: string; parent?: { code: string; name: string } };

/**
 * /hub — the national view (全国汇总): every province with its published figures and how fresh they are; a province
 * opens on its top organisations, and each published level on the next.
 */
export default function HubPage() {
  const { t } = useI18n();
  const [path, setPath] = useState<Level[]>([]);
  const here = path.at(-1);
  const { data, error, loading, reload } = useRequest(async (): Promise<HubRow[]> => {
    if (!here) {
      const r = await getHubRegions();
      return r.regions.map((g) => ({
        key: g.region,
        name: g.name,
        code: g.region,
        figures: g.figures,
        ageSeconds: g.ageSeconds,
        open: () => setPath([{ region: g.region, regionName: g.name }]),
      }));
    }
    const r = await getHubOrgs(here.region, here.parent?.code);
    return r.orgs.map((o) => ({
      key: o.code,
      name: o.name,
      code: o.code,
      figures: o.figures,
      ...(o.hasChildren ? { open: () => setPath([...path, { ...here, parent: { code: o.code, name: o.name } }]) } : {}),
    }));
  }, [here?.region, here?.parent?.code]);

  const crumbs = [
    { title: crumb(t('hub.all'), () => setPath([])) },
    ...path.map((l, i) => ({
      title: crumb(l.parent?.name ?? l.regionName, () => setPath(path.slice(0, i + 1))),
    })),
  ];
  return (
    <div data-testid="hub-page">
      <PageHeader
        title={t('hub.title')}
        subTitle={t('hub.subtitle')}
        extra={<Button onClick={reload}>{t('dash.refresh')}</Button>}
      />
      <Card>
        <Breadcrumb items={crumbs} style={{ marginBottom: 12 }} />
        {error ? (
          <Alert type="error" showIcon title={errorMessage(error)} />
        ) : (
          <HubFiguresTable rows={data ?? []} loading={loading} />
        )}
      </Card>
    </div>
  );
}

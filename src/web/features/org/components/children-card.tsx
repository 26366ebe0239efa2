import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { OrgDetail, OrgSummary } from '../../../../contracts/org.ts';
import { ORG_TYPE_LABELS } from '../../../../domain/org/vocab.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { fieldLabel, useOrgFields } from '../../../lib/reference-data.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { getChildren } from '../api/orgs.ts';

type Props = { org: OrgDetail; version: number; canAdd: boolean; onAdd: () => void };

/** 下级组织: the organisation's children, each linking to its own page. */
export function ChildrenCard({ org, version, canAdd, onAdd }: Props) {
  const { t, label } = useI18n();
  const fields = useOrgFields();
  const [withDissolved, setWithDissolved] = useState(false);
  const { data, error, loading } = useRequest(
    () => getChildren(org.id, withDissolved),
    [org.id, withDissolved, version],
  );

  return (
    <Card
      title={t('children.title')}
      extra={
        <Flex gap={12} align="center" wrap>
          <Flex gap={6} align="center">
            <Switch
              size="small"
              checked={withDissolved}
              onChange={setWithDissolved}
              aria-label={t('children.showDissolved')}
            />
            <Typography.Text type="secondary">{t('children.showDissolved')}</Typography.Text>
          </Flex>
          {canAdd && (
            <Button icon={<PlusOutlined />} onClick={onAdd}>
              {t('org.addChild')}
            </Button>
          )}
        </Flex>
      }
      style={{ marginBottom: 16 }}
    >
      {error ? (
        <Typography.Text type="danger">{errorMessage(error)}</Typography.Text>
      ) : (
        <Table<OrgSummary>
          size="middle"
          rowKey="id"
          loading={loading}
          dataSource={data ?? []}
          pagination={(data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 560 }}
          locale={{ emptyText: t('children.empty') }}
          columns={[
            {
              title: t('children.colName'),
              dataIndex: 'name',
              render: (v: string, o) => (
                <>
                  <Link to={`/orgs/${o.id}`}>{v}</Link>
                  {o.status === 'dissolved' && <Tag style={{ marginInlineStart: 8 }}>{t('org.dissolved')}</Tag>}
                </>
              ),
            },
            {
              title: t('children.colType'),
              dataIndex: 'type',
              width: 130,
              render: (v: OrgSummary['type']) => label(ORG_TYPE_LABELS[v]),
            },
            {
              title: t('children.colField'),
              dataIndex: 'field',
              width: 120,
              render: (v: string | null) => fieldLabel(v, fields) || '—',
            },
            { title: t('children.colChildren'), dataIndex: 'childCount', width: 110, align: 'right' },
          ]}
        />
      )}
    </Card>
  );
}

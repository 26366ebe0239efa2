import {
  DeleteOutlined,
  DownOutlined,
  EditOutlined,
  NodeIndexOutlined,
  PlusOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Breadcrumb, Button, Dropdown, Tag } from 'antd';
import { Link } from 'react-router';
import type { OrgDetail } from '../../../../contracts/org.ts';
import { allowedChildTypes, ORG_TYPE_LABELS } from '../../../../domain/org/vocab.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { fieldLabel, useOrgFields } from '../../../lib/reference-data.ts';

export type OrgAction = 'edit' | 'addChild' | 'move' | 'dissolve';

type Props = {
  org: OrgDetail;
  canWrite: boolean;
  /** The account's own root cannot be moved or dissolved from here. */
  isScopeRoot: boolean;
  membersLink: string;
  onAction: (a: OrgAction) => void;
};

/** Breadcrumb, name, type/field/status tags and the organisation's actions. */
export function OrgHeader({ org, canWrite, isScopeRoot, membersLink, onAction }: Props) {
  const { t, label } = useI18n();
  const fields = useOrgFields();
  const active = org.status === 'active';
  const canAddChild = allowedChildTypes(org.type).length > 0;
  const subtitle = [
    `${t('org.code')}：${org.code}`,
    org.establishedOn ? `${t('org.establishedOn')}：${org.establishedOn}` : null,
    org.dissolvedOn
      ? `${t('org.dissolvedOn')}：${org.dissolvedOn}${org.dissolveReason ? `（${org.dissolveReason}）` : ''}`
      : null,
  ]
    .filter(Boolean)
    .join('　');

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          ...org.ancestors.map((a) => ({ key: a.id, title: <Link to={`/orgs/${a.id}`}>{a.name}</Link> })),
          { key: org.id, title: org.name },
        ]}
      />
      <PageHeader
        title={org.name}
        tags={
          <>
            <Tag color="red">{label(ORG_TYPE_LABELS[org.type])}</Tag>
            {org.field && <Tag>{fieldLabel(org.field, fields)}</Tag>}
            {active ? <Tag color="success">{t('org.active')}</Tag> : <Tag color="default">{t('org.dissolved')}</Tag>}
          </>
        }
        subTitle={subtitle}
        extra={
          <>
            <Link to={membersLink}>
              <Button icon={<TeamOutlined />}>{t('org.members')}</Button>
            </Link>
            {canWrite && active && (
              <>
                <Button icon={<EditOutlined />} onClick={() => onAction('edit')}>
                  {t('common.edit')}
                </Button>
                {canAddChild && (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => onAction('addChild')}>
                    {t('org.addChild')}
                  </Button>
                )}
                {!isScopeRoot && (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        { key: 'move', icon: <NodeIndexOutlined />, label: t('org.move') },
                        { type: 'divider' },
                        { key: 'dissolve', icon: <DeleteOutlined />, label: t('org.dissolve'), danger: true },
                      ],
                      onClick: ({ key }) => onAction(key as OrgAction),
                    }}
                  >
                    <Button>
                      {t('common.more')} <DownOutlined />
                    </Button>
                  </Dropdown>
                )}
              </>
            )}
          </>
        }
      />
    </>
  );
}

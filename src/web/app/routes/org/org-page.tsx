import { Flex, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { OrgStarHistory } from '../../../features/assess/components/org-star-history.tsx';
import { ChildrenCard } from '../../../features/org/components/children-card.tsx';
import { CommitteeCard } from '../../../features/org/components/committee-card.tsx';
import { DissolveOrgModal } from '../../../features/org/components/dissolve-org-modal.tsx';
import { MoveOrgModal } from '../../../features/org/components/move-org-modal.tsx';
import { OrgFindings } from '../../../features/org/components/org-findings.tsx';
import { OrgFormModal } from '../../../features/org/components/org-form-modal.tsx';
import { type OrgAction, OrgHeader } from '../../../features/org/components/org-header.tsx';
import { OrgStats } from '../../../features/org/components/org-stats.tsx';
import { useOrg } from '../../../features/org/hooks/use-org.ts';
import { emitOrgsChanged } from '../../../lib/events.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';

/** /orgs/:id — the organisation page: details, stats, rule findings, committee, children. */
export default function OrgPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const me = useMe();
  const { can, setCurrentOrg } = useSession();
  const navigate = useNavigate();
  const { data: org, error, loading, reload } = useOrg(id);
  const [action, setAction] = useState<OrgAction | null>(null);
  const [childrenVersion, setChildrenVersion] = useState(0);

  useEffect(() => {
    if (org && org.id === id) {
      setCurrentOrg({ id: org.id, name: org.name, path: org.path });
      document.title = `${org.name} · ${t('app.name')}`;
    }
  }, [org, id, setCurrentOrg, t]);

  if (error && (!org || org.id !== id)) return <ErrorResult error={error} onRetry={reload} />;
  if (!org || (loading && org.id !== id)) return <Skeleton active paragraph={{ rows: 10 }} />;

  const canWrite = can('org:write');
  const close = () => setAction(null);
  const changed = (parents: (number | null)[]) => {
    setAction(null);
    reload();
    setChildrenVersion((v) => v + 1);
    emitOrgsChanged(parents);
  };

  return (
    <div data-testid="org-page">
      <OrgHeader
        org={org}
        canWrite={canWrite}
        isScopeRoot={org.id === me.orgId}
        membersLink={`/members?orgId=${org.id}`}
        onAction={setAction}
      />
      {can('task:read') && (
        <Flex justify="flex-end" gap={16} style={{ marginTop: -8, marginBottom: 8 }}>
          <Link to={`/grid?orgId=${org.id}`} data-testid="org-grid-link">
            {t('grid.orgLink')}
          </Link>
          <Link
            to={org.unitLevel === 'village' ? `/economy/entry?orgId=${org.id}` : `/economy?orgId=${org.id}`}
            data-testid="org-economy-link"
          >
            {t('economy.orgLink')}
          </Link>
          <Link to="/assess" data-testid="org-assess-link">
            {t('assess.orgLink')}
          </Link>
        </Flex>
      )}
      <OrgStats stats={org.stats} />
      {can('task:read') && <OrgStarHistory orgId={org.id} />}
      <OrgFindings findings={org.findings} />
      <CommitteeCard org={org} canWrite={canWrite} onChanged={reload} />
      <ChildrenCard
        org={org}
        version={childrenVersion}
        canAdd={canWrite && org.status === 'active'}
        onAdd={() => setAction('addChild')}
      />

      {action === 'edit' && (
        <OrgFormModal mode="edit" org={org} onClose={close} onDone={() => changed([org.parentId])} />
      )}
      {action === 'addChild' && (
        <OrgFormModal
          mode="create"
          parent={org}
          onClose={close}
          onDone={(created) => {
            changed([org.id]);
            void navigate(`/orgs/${created.id}`);
          }}
        />
      )}
      {action === 'move' && (
        <MoveOrgModal org={org} onClose={close} onDone={(newParentId) => changed([org.parentId, newParentId])} />
      )}
      {action === 'dissolve' && (
        <DissolveOrgModal
          org={org}
          onClose={close}
          onDone={() => {
            changed([org.parentId]);
            if (org.parentId) void navigate(`/orgs/${org.parentId}`);
          }}
        />
      )}
    </div>
  );
}

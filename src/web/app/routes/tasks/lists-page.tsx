import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Tabs } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { PROBLEM_SOURCES, PROBLEM_STATES } from '../../../../domain/rectify/problem-state.ts';
import { DeploymentSelect } from '../../../components/ui/deployment-select.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { exportResponsibilities, listResponsibilityPage } from '../../../features/tasks/api/lists.ts';
import { listProblems } from '../../../features/tasks/api/problems.ts';
import { ProblemFilters } from '../../../features/tasks/components/problem-filters.tsx';
import { ProblemFormModal } from '../../../features/tasks/components/problem-form-modal.tsx';
import { ProblemTable } from '../../../features/tasks/components/problem-table.tsx';
import { ResponsibilityTable } from '../../../features/tasks/components/responsibility-table.tsx';
import { useProblemCounts } from '../../../features/tasks/hooks/use-problem-counts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { usePagedRequest } from '../../../lib/use-paged-request.ts';

const PAGE_SIZE = 20;
/** The responsibility list's page: a town's whole list at once, a city's in pages. */
const RESP_PAGE_SIZE = 50;

/**
 * /problems and /responsibilities — two of the three lists (三单) as tabs of one 清单 page; the task list is
 * the task board. The problem list is the rectification board: by state (with counts), overdue (days overdue and the
 * suggested escalation step), source and deployment, each problem opening its page. The responsibility list is
 * computed by the server and exports to Excel.
 */
export default function ListsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { can } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const tab = location.pathname === '/responsibilities' ? 'responsibilities' : 'problems';
  const deploymentId = Number(q.get('deploymentId')) || undefined;
  const page = Number(q.get('page')) || 1;
  // A filter the URL names that this build does not know is left out, not sent to be refused.
  const state = PROBLEM_STATES.find((x) => x === q.get('state'));
  const source = PROBLEM_SOURCES.find((x) => x === q.get('source'));
  const overdue = q.get('overdue') === 'true' ? 'true' : undefined;
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);

  const problems = usePagedRequest(
    (cursor) => listProblems({ orgId, deploymentId, state, source, overdue, page, pageSize: PAGE_SIZE, cursor }),
    [orgId, deploymentId, state, source, overdue],
    page,
    tab === 'problems',
  );
  const counts = useProblemCounts({ orgId, deploymentId, state, source, overdue }, tab === 'problems');
  const resp = usePagedRequest(
    (cursor) => listResponsibilityPage({ orgId, deploymentId, page, pageSize: RESP_PAGE_SIZE, cursor }),
    [orgId, deploymentId],
    page,
    tab === 'responsibilities',
  );
  const current = tab === 'problems' ? problems : resp;

  const doExport = async () => {
    setExporting(true);
    try {
      await exportResponsibilities({ orgId, deploymentId }, t('resp.exportFile'));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid="lists-page">
      <PageHeader
        title={t('lists.title')}
        subTitle={orgName ? t('lists.subtitle', { org: orgName }) : undefined}
        extra={
          tab === 'problems' ? (
            can('task:assign') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('problems.create')}
              </Button>
            )
          ) : (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={doExport}>
              {t('resp.export')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            const sp = new URLSearchParams(q.params);
            sp.delete('page');
            void navigate(`/${k}?${sp.toString()}`);
          }}
          items={[
            { key: 'problems', label: t('lists.problems') },
            { key: 'responsibilities', label: t('lists.responsibilities') },
          ]}
        />
        {tab === 'problems' ? (
          <ProblemFilters
            orgId={orgId}
            values={{ state, source, overdue: overdue === 'true', deploymentId }}
            counts={counts.data}
            onChange={(patch) => q.set(patch)}
            onReset={() => q.set({ state: null, source: null, overdue: null, deploymentId: null })}
            showDeployment={can('deploy:read')}
          />
        ) : (
          can('deploy:read') && (
            <Flex gap={12} style={{ marginBottom: 16 }}>
              <DeploymentSelect orgId={orgId} value={deploymentId} onChange={(v) => q.set({ deploymentId: v })} />
            </Flex>
          )
        )}
        {current.error ? (
          <Alert
            type="error"
            showIcon
            title={errorMessage(current.error)}
            style={{ marginBottom: 16 }}
            action={
              <Button size="small" onClick={current.reload}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : null}
        {tab === 'problems' ? (
          <ProblemTable
            data={problems.data?.items}
            loading={problems.loading}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: problems.data?.total ?? 0,
              hideOnSinglePage: true,
              showTotal: (n) => t('problems.total', { n }),
              onChange: (p) => q.set({ page: p === 1 ? null : p }, { keepPage: true }),
            }}
          />
        ) : (
          <ResponsibilityTable
            data={resp.data?.items}
            loading={resp.loading}
            pagination={{
              current: page,
              pageSize: RESP_PAGE_SIZE,
              total: resp.data?.total ?? 0,
              onChange: (p) => q.set({ page: p === 1 ? null : p }, { keepPage: true }),
            }}
          />
        )}
      </Card>
      {creating && (
        <ProblemFormModal
          orgId={orgId}
          scopeRootId={me.orgId}
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            void message.success(t('problems.created'));
            problems.reload();
            counts.reload();
          }}
        />
      )}
    </div>
  );
}

import { lazy, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import type { Permission } from '../../domain/auth/roles.ts';
import { AppLayout } from './layout/app-layout.tsx';
import LoginPage from './routes/auth/login-page.tsx';
import { HomeRedirect } from './routes/home-redirect.tsx';
import { RequirePermission } from './routes/require-permission.tsx';

// Pages are loaded on first visit; the login page and the frame are in the main bundle.
const OrgPage = lazy(() => import('./routes/org/org-page.tsx'));
const MemberListPage = lazy(() => import('./routes/people/member-list-page.tsx'));
const MemberDetailPage = lazy(() => import('./routes/people/member-detail-page.tsx'));
const ImportPage = lazy(() => import('./routes/people/import-page.tsx'));
const MyProfilePage = lazy(() => import('./routes/people/my-profile-page.tsx'));
const DevelopmentPipelinePage = lazy(() => import('./routes/people/development-pipeline-page.tsx'));
const DevelopmentCasePage = lazy(() => import('./routes/people/development-case-page.tsx'));
const UsersPage = lazy(() => import('./routes/users/users-page.tsx'));
const AuditPage = lazy(() => import('./routes/audit/audit-page.tsx'));
const NotFoundPage = lazy(() => import('./routes/not-found-page.tsx'));
const DeploymentListPage = lazy(() => import('./routes/deploy/deployment-list-page.tsx'));
const DeploymentNewPage = lazy(() => import('./routes/deploy/deployment-new-page.tsx'));
const DeploymentPage = lazy(() => import('./routes/deploy/deployment-page.tsx'));
const TaskBoardPage = lazy(() => import('./routes/tasks/task-board-page.tsx'));
const TaskDetailPage = lazy(() => import('./routes/tasks/task-detail-page.tsx'));
const AssignmentPage = lazy(() => import('./routes/tasks/assignment-page.tsx'));
const ListsPage = lazy(() => import('./routes/tasks/lists-page.tsx'));
const ProblemPage = lazy(() => import('./routes/tasks/problem-page.tsx'));
const GridMapPage = lazy(() => import('./routes/grid/grid-map-page.tsx'));
const GridBoardPage = lazy(() => import('./routes/grid/grid-board-page.tsx'));
const GridReportPage = lazy(() => import('./routes/grid/grid-report-page.tsx'));
const GridMatterPage = lazy(() => import('./routes/grid/grid-matter-page.tsx'));
const DashboardPage = lazy(() => import('./routes/tasks/dashboard-page.tsx'));
const EconomyPage = lazy(() => import('./routes/economy/economy-page.tsx'));
const IncomeEntryPage = lazy(() => import('./routes/economy/income-entry-page.tsx'));
const WeekPage = lazy(() => import('./routes/tasks/week-page.tsx'));
const SupervisionListPage = lazy(() => import('./routes/supervise/supervision-list-page.tsx'));
const SupervisionPage = lazy(() => import('./routes/supervise/supervision-page.tsx'));
const NoticeListPage = lazy(() => import('./routes/supervise/notice-list-page.tsx'));
const NoticePage = lazy(() => import('./routes/supervise/notice-page.tsx'));
const InstructionListPage = lazy(() => import('./routes/supervise/instruction-list-page.tsx'));
const BurdenPage = lazy(() => import('./routes/supervise/burden-page.tsx'));
const RulesPage = lazy(() => import('./routes/rules/rules-page.tsx'));
const DuesPage = lazy(() => import('./routes/people/dues-page.tsx'));
const TransfersPage = lazy(() => import('./routes/people/transfers-page.tsx'));
const FloatingPage = lazy(() => import('./routes/people/floating-page.tsx'));
const HubPage = lazy(() => import('./routes/hub/hub-page.tsx'));
const LifeCalendarPage = lazy(() => import('./routes/life/life-calendar-page.tsx'));
const LifeRatesPage = lazy(() => import('./routes/life/life-rates-page.tsx'));
const MeetingNewPage = lazy(() => import('./routes/life/meeting-new-page.tsx'));
const MeetingPage = lazy(() => import('./routes/life/meeting-page.tsx'));
const MeetingImportPage = lazy(() => import('./routes/life/meeting-import-page.tsx'));
const TalksPage = lazy(() => import('./routes/life/talks-page.tsx'));
const AssessHomePage = lazy(() => import('./routes/assess/assess-home-page.tsx'));
const AssessSystemPage = lazy(() => import('./routes/assess/system-page.tsx'));
const AssessRoundNewPage = lazy(() => import('./routes/assess/round-new-page.tsx'));
const AssessRoundPage = lazy(() => import('./routes/assess/round-page.tsx'));
const AssessSheetPage = lazy(() => import('./routes/assess/sheet-page.tsx'));
const AssessResultsPage = lazy(() => import('./routes/assess/results-page.tsx'));
const AppraisalPage = lazy(() => import('./routes/assess/appraisal-page.tsx'));
const WeakOrgsPage = lazy(() => import('./routes/assess/weak-orgs-page.tsx'));
const ReviewPage = lazy(() => import('./routes/assess/review-page.tsx'));
const VillageListPage = lazy(() => import('./routes/village/village-list-page.tsx'));
const SecretariesPage = lazy(() => import('./routes/cadre/secretaries-page.tsx'));
const PoolPage = lazy(() => import('./routes/cadre/pool-page.tsx'));
const StructurePage = lazy(() => import('./routes/cadre/structure-page.tsx'));
const VillageCasePage = lazy(() => import('./routes/village/village-case-page.tsx'));

/** A page shown only to roles that hold the permission. */
function guarded(permission: Permission, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'orgs/:id', element: <OrgPage /> },
      {
        path: 'members',
        element: (
          <RequirePermission permission="member:read">
            <MemberListPage />
          </RequirePermission>
        ),
      },
      {
        path: 'members/import',
        element: (
          <RequirePermission permission="member:import">
            <ImportPage />
          </RequirePermission>
        ),
      },
      {
        path: 'members/:id',
        element: (
          <RequirePermission permission="member:read">
            <MemberDetailPage />
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission permission="user:manage">
            <UsersPage />
          </RequirePermission>
        ),
      },
      { path: 'audit', element: guarded('audit:verify', <AuditPage />) },
      { path: 'deployments', element: guarded('deploy:read', <DeploymentListPage />) },
      { path: 'deployments/new', element: guarded('deploy:write', <DeploymentNewPage />) },
      { path: 'deployments/:id', element: guarded('deploy:read', <DeploymentPage />) },
      { path: 'tasks', element: guarded('task:read', <TaskBoardPage />) },
      { path: 'tasks/:id', element: guarded('task:read', <TaskDetailPage />) },
      { path: 'assignments/:id', element: guarded('task:read', <AssignmentPage />) },
      { path: 'problems', element: guarded('task:read', <ListsPage />) },
      { path: 'problems/:id', element: guarded('task:read', <ProblemPage />) },
      { path: 'grid', element: guarded('task:read', <GridMapPage />) },
      { path: 'grid/board', element: guarded('task:read', <GridBoardPage />) },
      { path: 'grid/report', element: guarded('task:read', <GridReportPage />) },
      { path: 'grid/matters/:id', element: guarded('task:read', <GridMatterPage />) },
      { path: 'responsibilities', element: guarded('task:read', <ListsPage />) },
      { path: 'dashboard', element: guarded('task:read', <DashboardPage />) },
      { path: 'economy', element: guarded('task:read', <EconomyPage />) },
      { path: 'economy/entry', element: guarded('task:read', <IncomeEntryPage />) },
      { path: 'week', element: guarded('task:read', <WeekPage />) },
      { path: 'supervisions', element: guarded('task:read', <SupervisionListPage />) },
      { path: 'supervisions/:id', element: guarded('task:read', <SupervisionPage />) },
      { path: 'notices', element: guarded('task:read', <NoticeListPage />) },
      { path: 'notices/:id', element: guarded('task:read', <NoticePage />) },
      { path: 'instructions', element: guarded('task:read', <InstructionListPage />) },
      { path: 'burden', element: guarded('task:read', <BurdenPage />) },
      { path: 'hub', element: guarded('task:read', <HubPage />) },
      { path: 'life', element: guarded('task:read', <LifeCalendarPage />) },
      { path: 'life/rates', element: guarded('task:read', <LifeRatesPage />) },
      { path: 'life/meetings/new', element: guarded('task:report', <MeetingNewPage />) },
      { path: 'life/import', element: guarded('task:report', <MeetingImportPage />) },
      { path: 'life/talks', element: guarded('member:read', <TalksPage />) },
      { path: 'life/meetings/:id', element: guarded('task:read', <MeetingPage />) },
      { path: 'assess', element: guarded('task:read', <AssessHomePage />) },
      { path: 'assess/systems/:id', element: guarded('task:read', <AssessSystemPage />) },
      { path: 'assess/systems/:id/rounds/new', element: guarded('task:assign', <AssessRoundNewPage />) },
      { path: 'assess/rounds/:id', element: guarded('task:read', <AssessRoundPage />) },
      { path: 'assess/rounds/:id/orgs/:orgId', element: guarded('task:read', <AssessSheetPage />) },
      { path: 'assess/rounds/:id/results', element: guarded('task:read', <AssessResultsPage />) },
      { path: 'appraisal', element: guarded('member:read', <AppraisalPage />) },
      { path: 'weak-orgs', element: guarded('task:read', <WeakOrgsPage />) },
      { path: 'reviews', element: guarded('task:read', <ReviewPage />) },
      { path: 'village', element: guarded('task:read', <VillageListPage />) },
      { path: 'cadre/secretaries', element: guarded('org:read', <SecretariesPage />) },
      { path: 'cadre/pool', element: guarded('member:read', <PoolPage />) },
      { path: 'cadre/structure', element: guarded('member:read', <StructurePage />) },
      { path: 'village/:id', element: guarded('task:read', <VillageCasePage />) },
      { path: 'development', element: guarded('member:read', <DevelopmentPipelinePage />) },
      { path: 'development/:id', element: guarded('member:read', <DevelopmentCasePage />) },
      { path: 'me', element: <MyProfilePage /> },
      { path: 'rules', element: <RulesPage /> },
      { path: 'dues', element: guarded('member:read', <DuesPage />) },
      { path: 'transfers', element: guarded('member:read', <TransfersPage />) },
      { path: 'floating', element: guarded('member:read', <FloatingPage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

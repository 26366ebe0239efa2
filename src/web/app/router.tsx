import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
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
const UsersPage = lazy(() => import('./routes/users/users-page.tsx'));
const NotFoundPage = lazy(() => import('./routes/not-found-page.tsx'));

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
      { path: 'me', element: <MyProfilePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

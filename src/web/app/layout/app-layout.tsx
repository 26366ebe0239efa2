import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  DownOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Result, Spin, Tag, Typography } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { matchPath, Navigate, Outlet, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { OrgSummary } from '../../../contracts/org.ts';
import { LangSwitch } from '../../components/ui/lang-switch.tsx';
import { logout } from '../../features/auth/api/logout.ts';
import { ChangePasswordModal } from '../../features/auth/components/change-password-modal.tsx';
import { NotificationBell } from '../../features/notifications/components/notification-bell.tsx';
import { getOrg, getScopeRoot } from '../../features/org/api/orgs.ts';
import { OrgSearchBox } from '../../features/org/components/org-search-box.tsx';
import { OrgTree } from '../../features/org/components/org-tree.tsx';
import { errorMessage } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { useSession } from '../../lib/session.tsx';
import { useRequest } from '../../lib/use-request.ts';
import { FirstLoginPage } from '../routes/auth/first-login-page.tsx';

const HEADER_HEIGHT = 56;

/** Pages that work on the organisation selected in the tree (?orgId=): a pick in the tree stays on the page. */
const ORG_FOLLOWING = [
  '/members',
  '/members/import',
  '/development',
  '/deployments',
  '/deployments/new',
  '/tasks',
  '/problems',
  '/grid',
  '/grid/board',
  '/responsibilities',
  '/dashboard',
  '/economy',
  '/economy/entry',
  '/week',
  '/supervisions',
  '/notices',
  '/life',
  '/life/rates',
  '/dues',
  '/transfers',
  '/floating',
  '/burden',
];

/** Which header entry a path belongs to. */
const NAV_OF: [prefix: string, key: string][] = [
  ['/deployments', '/deployments'],
  ['/tasks', '/tasks'],
  ['/assignments', '/tasks'],
  ['/problems', '/lists'],
  ['/responsibilities', '/lists'],
  // Grid matters (网格事项) beside the problem list; linked from an organisation's page.
  ['/grid', '/lists'],
  ['/supervisions', '/supervise'],
  ['/notices', '/supervise'],
  ['/instructions', '/supervise'],
  ['/life', '/life'],
  // The member pages beside the roster: development, dues, transfers, floating members.
  ['/development', '/members'],
  ['/dues', '/members'],
  ['/transfers', '/members'],
  ['/floating', '/members'],
  // 村党组织书记备案 and 一肩挑, beside the roster (cadres are members with posts).
  ['/cadre', '/members'],
  // 村级集体经济 (the table, the "两个80%" and a village's phone form): linked from the dashboard and the org page.
  ['/economy', '/dashboard'],
  ['/burden', '/supervise'],
  ['/assess', '/supervise'],
  ['/appraisal', '/life'],
  ['/weak-orgs', '/supervise'],
  ['/reviews', '/supervise'],
  // 四议两公开 (village decisions): linked from the life page.
  ['/village', '/life'],
];

/**
 * The signed-in frame: header (product, navigation, account, language), the organisation tree on the
 * left (a drawer on phones), the page in the content area. Anonymous visitors go to the login page.
 */
export function AppLayout() {
  const { t } = useI18n();
  const { me, setMe, can, currentOrg, setCurrentOrg } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const narrow = screens.lg === false;
  // Below 1600 px the header holds its items by leaving out what the menus say elsewhere: the product's subtitle, the
  // items' icons and the role tag (the account menu names the role). Every item then fits at 1440 px in either
  // language (e2e/week-nav.test.ts); narrower than 992 px the items move into the drawer.
  const wide = screens.xxl === true;
  // A 党员 sees their own record and organisation only: no tree to browse.
  const showTree = me?.role !== 'member';
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  // An account that must change its password first sees only that screen (the server refuses the rest).
  const active = !!me && !me.mustChangePassword;
  const root = useRequest(() => getScopeRoot(), [me?.id], active);

  useEffect(() => setDrawerOpen(false), [location.pathname, location.search]);

  const orgMatch = matchPath('/orgs/:id', location.pathname);
  const followsOrg = ORG_FOLLOWING.includes(location.pathname);
  const selectedId = useMemo(() => {
    if (orgMatch) return Number(orgMatch.params.id) || null;
    if (followsOrg) return Number(sp.get('orgId')) || currentOrg?.id || me?.orgId || null;
    return currentOrg?.id ?? null;
  }, [orgMatch, followsOrg, sp, currentOrg, me]);

  // Pages that name an organisation only by id (the roster, the import) still get it revealed in the tree.
  const needsPath = active && !orgMatch && selectedId !== null && !(currentOrg?.id === selectedId && currentOrg.path);
  useEffect(() => {
    if (!needsPath || !selectedId) return;
    let live = true;
    getOrg(selectedId).then(
      (o) => live && setCurrentOrg({ id: o.id, name: o.name, path: o.path }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [needsPath, selectedId, setCurrentOrg]);

  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mustChangePassword) return <FirstLoginPage />;

  const pick = (org: { id: number; name: string }) => {
    setCurrentOrg({ id: org.id, name: org.name, path: null });
    setDrawerOpen(false);
    if (followsOrg) {
      const next = new URLSearchParams(sp);
      next.set('orgId', String(org.id));
      next.delete('page');
      void navigate(`${location.pathname}?${next.toString()}`);
    } else void navigate(`/orgs/${org.id}`);
  };

  const orgHome = `/orgs/${currentOrg?.id ?? me.orgId}`;
  // 本周任务 for every role that receives work (what was assigned to the account's own organisation).
  const workItems = [
    ...(can('task:read') ? [{ key: '/week', icon: <CalendarOutlined />, label: t('nav.week') }] : []),
    ...(can('deploy:read') ? [{ key: '/deployments', icon: <FileTextOutlined />, label: t('nav.deployments') }] : []),
    ...(can('task:read') ? [{ key: '/tasks', icon: <CarryOutOutlined />, label: t('nav.tasks') }] : []),
    ...(can('task:read') && me.role !== 'member'
      ? [{ key: '/lists', icon: <UnorderedListOutlined />, label: t('nav.lists') }]
      : []),
    ...(can('task:read') && me.role !== 'member'
      ? [{ key: '/supervise', icon: <FileSearchOutlined />, label: t('nav.supervise') }]
      : []),
    ...(can('task:read') ? [{ key: '/dashboard', icon: <BarChartOutlined />, label: t('nav.dashboard') }] : []),
    ...(can('task:read') ? [{ key: '/life', icon: <ScheduleOutlined />, label: t('nav.life') }] : []),
  ];
  const navItems =
    me.role === 'member'
      ? [
          ...workItems,
          { key: '/me', icon: <UserOutlined />, label: t('nav.myProfile') },
          { key: '/orgs', icon: <ApartmentOutlined />, label: t('nav.myOrg') },
        ]
      : [
          { key: '/orgs', icon: <ApartmentOutlined />, label: t('nav.orgs') },
          ...(can('member:read') ? [{ key: '/members', icon: <TeamOutlined />, label: t('nav.members') }] : []),
          ...workItems,
          ...(can('user:manage')
            ? [{ key: '/users', icon: <SafetyCertificateOutlined />, label: t('nav.users') }]
            : []),
          // The whole log, with the rows of no organisation, is the system administrator's.
          ...(me.role === 'sysadmin' ? [{ key: '/audit', icon: <AuditOutlined />, label: t('nav.audit') }] : []),
        ];
  const activeNav =
    NAV_OF.find(([prefix]) => location.pathname === prefix || location.pathname.startsWith(`${prefix}/`))?.[1] ??
    navItems.map((i) => i.key).find((k) => location.pathname === k || location.pathname.startsWith(`${k}/`)) ??
    '';
  const orgQuery = `orgId=${currentOrg?.id ?? me.orgId}`;
  const go = (key: string) => {
    if (key === '/orgs') void navigate(me.role === 'member' ? `/orgs/${me.orgId}` : orgHome);
    else if (key === '/members') void navigate(`/members?${orgQuery}`);
    else if (key === '/lists') void navigate(`/problems?${orgQuery}`);
    else if (key === '/supervise') void navigate(`/supervisions?${orgQuery}`);
    else if (key === '/week') void navigate(me.role === 'member' ? '/week' : `/week?orgId=${me.orgId}`);
    else if (['/deployments', '/tasks', '/dashboard'].includes(key) && me.role !== 'member')
      void navigate(`${key}?${orgQuery}`);
    else void navigate(key);
  };

  const doLogout = async () => {
    try {
      await logout();
    } catch {
      // the session is gone either way
    }
    setMe(null);
    await navigate('/login', { replace: true });
  };

  const roleText = t(`role.${me.role}`);
  const treePanel = (
    <Flex vertical style={{ height: '100%' }}>
      <div style={{ padding: '12px 12px 8px' }}>
        <OrgSearchBox within={me.orgId} onPick={pick} />
      </div>
      {root.data ? (
        <OrgTree
          root={root.data as OrgSummary}
          selectedId={selectedId}
          revealPath={currentOrg?.id === selectedId ? (currentOrg?.path ?? null) : null}
          onSelect={pick}
        />
      ) : root.error ? (
        <Result status="warning" subTitle={errorMessage(root.error)} />
      ) : (
        <Spin style={{ margin: 24 }} />
      )}
    </Flex>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="luoshi-header" style={{ height: HEADER_HEIGHT, lineHeight: `${HEADER_HEIGHT}px` }}>
        <Flex align="center" gap={narrow ? 8 : 16} style={{ height: '100%' }}>
          {narrow && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('nav.openTree')}
              className="luoshi-header-btn"
            />
          )}
          <Flex align="center" gap={10} style={{ cursor: 'pointer', flex: 'none' }} onClick={() => navigate('/')}>
            <div className="luoshi-mark" aria-hidden>
              {t('app.mark')}
            </div>
            <span className="luoshi-brand">{t('app.name')}</span>
            {screens.xxl && <span className="luoshi-brand-sub">{t('app.subtitle')}</span>}
          </Flex>
          {!narrow && (
            <Menu
              mode="horizontal"
              theme="dark"
              className="luoshi-nav"
              selectedKeys={[activeNav]}
              items={wide ? navItems : navItems.map(({ icon: _icon, ...item }) => item)}
              onClick={({ key }) => go(key)}
              style={{ flex: 1, minWidth: 0, background: 'transparent', borderBottom: 'none' }}
            />
          )}
          {narrow && <div style={{ flex: 1 }} />}
          <LangSwitch />
          <NotificationBell className="luoshi-header-btn" />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'who',
                  disabled: true,
                  label: (
                    <div style={{ lineHeight: 1.5, padding: '4px 0', color: 'var(--ant-color-text)' }}>
                      <div style={{ fontWeight: 600 }}>{me.displayName}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {me.username} · {roleText}
                      </Typography.Text>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {me.orgName}
                        </Typography.Text>
                      </div>
                    </div>
                  ),
                },
                { type: 'divider' },
                ...(me.personId !== null ? [{ key: 'me', icon: <ProfileOutlined />, label: t('nav.myProfile') }] : []),
                { key: 'rules', icon: <BookOutlined />, label: t('nav.rules') },
                { key: 'password', icon: <KeyOutlined />, label: t('account.changePassword') },
                { key: 'logout', icon: <LogoutOutlined />, label: t('account.logout'), danger: true },
              ],
              onClick: ({ key }) =>
                key === 'password'
                  ? setPasswordOpen(true)
                  : key === 'logout'
                    ? void doLogout()
                    : key === 'me'
                      ? navigate('/me')
                      : key === 'rules'
                        ? navigate('/rules')
                        : undefined,
            }}
          >
            <Button type="text" className="luoshi-header-btn luoshi-account" aria-label={t('account.menu')}>
              <Avatar size="small" icon={<UserOutlined />} style={{ background: 'rgba(255,255,255,0.25)' }} />
              {!narrow && (
                <span className="luoshi-account-text">
                  <span>{me.displayName}</span>
                  {wide && <Tag className="luoshi-role-tag">{roleText}</Tag>}
                  {screens.xxl && <span className="luoshi-account-org">{me.orgName}</span>}
                </span>
              )}
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Flex>
      </Layout.Header>
      <Layout>
        {!narrow && showTree && (
          <Layout.Sider
            width={300}
            theme="light"
            className="luoshi-sider"
            style={{ top: HEADER_HEIGHT, height: `calc(100vh - ${HEADER_HEIGHT}px)` }}
          >
            {treePanel}
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: narrow ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '80px auto' }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {narrow && (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          size={Math.min(320, window.innerWidth - 40)}
          title={t('nav.drawerTitle')}
          styles={{ body: { padding: 0, display: 'flex', flexDirection: 'column' } }}
        >
          <Menu
            mode="inline"
            selectedKeys={[activeNav]}
            items={navItems}
            onClick={({ key }) => go(key)}
            style={{ borderInlineEnd: 'none' }}
          />
          {showTree && (
            <div
              style={{
                flex: 1,
                minHeight: 300,
                display: 'flex',
                flexDirection: 'column',
                borderTop: '1px solid var(--ant-color-border-secondary)',
              }}
            >
              {treePanel}
            </div>
          )}
        </Drawer>
      )}
      <ChangePasswordModal
        open={passwordOpen}
        onClose={() => setPasswordOpen(false)}
        personal={[me.username, me.displayName]}
      />
    </Layout>
  );
}

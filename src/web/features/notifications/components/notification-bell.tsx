import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Flex, Grid, Popover, Spin, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { NotificationItem } from '../../../../contracts/tasks.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { listNotifications, markRead } from '../api/notifications.ts';

const POLL_MS = 60_000;

/**
 * The messages bell: the unread count (polled every minute and whenever the list opens), the latest
 * messages of the account's organisation; opening one marks it read and goes to its problem, assignment or task.
 */
export function NotificationBell({ className }: { className?: string }) {
  const { t, tm } = useI18n();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<NotificationItem[] | null>(null);
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const live = useRef(true);
  // On a phone the list opens as a full-width drawer (a popover would run off the screen).
  const phone = Grid.useBreakpoint().sm === false;

  const poll = useCallback(async () => {
    try {
      const r = await listNotifications({ unread: true, limit: 1 });
      if (live.current) setUnread(r.unread);
    } catch {
      // offline or signed out: the next poll tries again
    }
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const r = await listNotifications({ limit: 30 });
      if (!live.current) return;
      setItems(r.items);
      setUnread(r.unread);
    } catch {
      if (live.current) setItems((prev) => prev ?? []);
    } finally {
      if (live.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    live.current = true;
    void poll();
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') void poll();
    }, POLL_MS);
    return () => {
      live.current = false;
      clearInterval(id);
    };
  }, [poll]);

  const openItem = async (n: NotificationItem) => {
    setOpen(false);
    if (!n.read) {
      setUnread((u) => Math.max(0, u - 1));
      setItems((list) => list?.map((x) => (x.id === n.id ? { ...x, read: true } : x)) ?? null);
      markRead(n.id).catch(() => undefined);
    }
    if (n.noticeId) await navigate(`/notices/${n.noticeId}`);
    else if (n.transferId) await navigate(`/transfers?id=${n.transferId}`);
    else if (n.assessRoundId) await navigate(`/assess/rounds/${n.assessRoundId}`);
    else if (n.appraisalId) await navigate(`/appraisal?id=${n.appraisalId}`);
    else if (n.gridMatterId) await navigate(`/grid/matters/${n.gridMatterId}`);
    else if (n.problemId) await navigate(`/problems/${n.problemId}`);
    else if (n.assignmentId) await navigate(`/assignments/${n.assignmentId}`);
    else if (n.taskId) await navigate(`/tasks/${n.taskId}`);
  };

  const toggle = (o: boolean) => {
    setOpen(o);
    if (o) void load();
  };

  const readAll = async () => {
    const ids = (items ?? []).filter((n) => !n.read).map((n) => n.id);
    await Promise.allSettled(ids.map((id) => markRead(id)));
    void load();
  };

  const readAllButton = (
    <Button type="link" size="small" disabled={!items?.some((n) => !n.read)} onClick={readAll}>
      {t('notices.readAll')}
    </Button>
  );
  const list =
    loading && !items ? (
      <Spin style={{ display: 'block', margin: 24 }} />
    ) : items && items.length > 0 ? (
      <div className="luoshi-notices-list" data-testid="notification-list">
        {items.map((n) => (
          <button
            type="button"
            key={n.id}
            className={n.read ? 'luoshi-notice' : 'luoshi-notice luoshi-notice-unread'}
            onClick={() => openItem(n)}
          >
            <div className="luoshi-notice-title">{tm(n.titleMsg, n.title)}</div>
            {n.body && <div className="luoshi-notice-body">{tm(n.bodyMsg, n.body)}</div>}
            <div className="luoshi-notice-time">{formatDateTime(n.createdAt)}</div>
          </button>
        ))}
      </div>
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notices.empty')} style={{ padding: '8px 0 16px' }} />
    );
  const content = (
    <div className="luoshi-notices">
      <Flex justify="space-between" align="center" className="luoshi-notices-head">
        <Typography.Text strong>{t('notices.title')}</Typography.Text>
        {readAllButton}
      </Flex>
      {list}
    </div>
  );

  const bell = (
    <Button
      type="text"
      className={className}
      aria-label={t('notices.bell', { n: unread })}
      data-testid="notification-bell"
      onClick={phone ? () => toggle(true) : undefined}
    >
      <Badge count={unread} size="small" offset={[2, -2]} overflowCount={99}>
        <BellOutlined style={{ fontSize: 18, color: '#fff' }} />
      </Badge>
    </Button>
  );

  if (phone) {
    return (
      <>
        {bell}
        <Drawer
          open={open}
          onClose={() => toggle(false)}
          placement="right"
          size="100%"
          title={t('notices.title')}
          extra={readAllButton}
          styles={{ body: { padding: 0 } }}
        >
          {list}
        </Drawer>
      </>
    );
  }
  return (
    <Popover
      open={open}
      onOpenChange={toggle}
      trigger="click"
      placement="bottomRight"
      content={content}
      arrow={false}
      styles={{ container: { padding: 0 } }}
    >
      {bell}
    </Popover>
  );
}

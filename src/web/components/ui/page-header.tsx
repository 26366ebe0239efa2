import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title row: title, tags beside it, actions on the right (wrapping on narrow screens). */
export function PageHeader({
  title,
  tags,
  extra,
  subTitle,
}: {
  title: ReactNode;
  tags?: ReactNode;
  extra?: ReactNode;
  subTitle?: ReactNode;
}) {
  return (
    <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Flex align="center" wrap gap={8}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {tags}
        </Flex>
        {subTitle && (
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
            {subTitle}
          </Typography.Text>
        )}
      </div>
      {extra && (
        <Flex wrap gap={8}>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}

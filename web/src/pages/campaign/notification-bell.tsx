import { Badge, Button, List, Popover } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useNotifications } from '../../api/campaign.ts';

/** Header notifications: returned units, units waiting for a check, escalated problems, the deadline. */
export function NotificationBell() {
  const notes = useNotifications();
  const items = notes.data?.items ?? [];
  return (
    <Popover
      trigger="click"
      title="Thông báo"
      content={
        <List
          style={{ width: 380, maxHeight: 420, overflow: 'auto' }}
          size="small"
          dataSource={items}
          locale={{ emptyText: 'Không có thông báo' }}
          renderItem={(i) => (
            <List.Item>
              <Link to={i.link}>{i.title}</Link>
            </List.Item>
          )}
        />
      }
    >
      <Badge count={items.length} size="small">
        <Button ghost icon={<BellOutlined />} aria-label="Thông báo" data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}

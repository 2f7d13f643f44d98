import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { isNationalAdmin, useMe } from '../../api/auth.ts';

/** No campaign is open: the national administrator is shown the way to open one. */
export function NoOpenCampaign({ message }: { message: string }) {
  const { data: me } = useMe();
  return (
    <Result
      status="info"
      title="Chưa có chiến dịch đang mở"
      subTitle={message}
      extra={
        isNationalAdmin(me) ? (
          <Link to="/chien-dich/thiet-lap">
            <Button type="primary">Tạo chiến dịch</Button>
          </Link>
        ) : (
          <Link to="/to-chuc">
            <Button>Về cây tổ chức đảng</Button>
          </Link>
        )
      }
    />
  );
}

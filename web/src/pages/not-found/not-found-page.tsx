import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';

export default function NotFoundPage() {
  return (
    <Result
      status="404"
      title="Không tìm thấy trang"
      subTitle="Địa chỉ này không tồn tại hoặc đã được thay đổi."
      extra={
        <Link to="/to-chuc">
          <Button type="primary">Về cây tổ chức đảng</Button>
        </Link>
      }
    />
  );
}

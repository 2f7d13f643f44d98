import { Alert, Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { COMMON } from '../i18n/vi.ts';

/** An API error shown where the data would be: the server's Vietnamese message, and a way on. */
export function QueryError({
  error,
  onRetry,
  compact,
}: {
  error: unknown;
  onRetry?: () => void;
  compact?: boolean;
}) {
  const message = isApiError(error) ? error.message : COMMON.unexpectedError;
  const retry = onRetry ? (
    <Button size={compact ? 'small' : 'middle'} onClick={onRetry}>
      {COMMON.retry}
    </Button>
  ) : null;
  if (compact) return <Alert type="error" showIcon title={message} action={retry} />;
  if (isApiError(error, 'NOT_FOUND')) {
    return (
      <Result
        status="404"
        title="Không tìm thấy"
        subTitle={message}
        extra={
          <Link to="/to-chuc">
            <Button type="primary">Về cây tổ chức đảng</Button>
          </Link>
        }
      />
    );
  }
  return <Result status="error" title="Không tải được dữ liệu" subTitle={message} extra={retry} />;
}

import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { COMMON } from '../i18n/vi.ts';

interface State {
  error: Error | null;
}

/** The last line of defence: a bug in one screen shows a Vietnamese message, not a white page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Unhandled UI error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return <ErrorResult />;
  }
}

export function ErrorResult() {
  return (
    <Result
      status="error"
      title="Đã xảy ra lỗi"
      subTitle={COMMON.unexpectedError}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          Tải lại trang
        </Button>
      }
    />
  );
}

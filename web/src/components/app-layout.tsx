import { Suspense } from 'react';
import { App, Button, Layout, Menu, Space, Spin, Tooltip, Typography } from 'antd';
import {
  ApartmentOutlined,
  CloudUploadOutlined,
  IdcardOutlined,
  LogoutOutlined,
  SafetyOutlined,
  TeamOutlined,
  UsergroupDeleteOutlined,
  UserOutlined,
  FundOutlined,
  QuestionCircleOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { hasPermission, isNationalAdmin, useLogout, useMe, type Me } from '../api/auth.ts';
import { NotificationBell } from '../pages/campaign/notification-bell.tsx';
import { CAMPAIGN, DUPLICATES, IMPORTS, PRODUCT_NAME, ROLE_LABELS } from '../i18n/vi.ts';

const { Header, Sider, Content } = Layout;

// Only screens that exist are listed: a menu entry that leads nowhere wastes the time of busy staff.
function menuItems(me: Me | null | undefined) {
  return [
    { key: 'organizations', icon: <ApartmentOutlined />, label: <Link to="/to-chuc">Tổ chức đảng</Link> },
    { key: 'campaign', icon: <FundOutlined />, label: <Link to="/chien-dich">Chiến dịch làm sạch</Link> },
    // Campaigns are set by the centre only (the server refuses everyone else: NATIONAL_ONLY).
    ...(isNationalAdmin(me)
      ? [
          {
            key: 'campaign-settings',
            icon: <SettingOutlined />,
            label: <Link to="/chien-dich/thiet-lap">{CAMPAIGN.settingsMenu}</Link>,
          },
        ]
      : []),
    { key: 'problems', icon: <QuestionCircleOutlined />, label: <Link to="/vuong-mac">Vướng mắc</Link> },
    ...(hasPermission(me, 'member.read')
      ? [
          {
            key: 'duplicates',
            icon: <UsergroupDeleteOutlined />,
            label: <Link to="/trung-lap">{DUPLICATES.menu}</Link>,
          },
        ]
      : []),
    ...(hasPermission(me, 'account.manage')
      ? [
          { key: 'accounts', icon: <TeamOutlined />, label: <Link to="/tai-khoan">Tài khoản</Link> },
          {
            key: 'imports',
            icon: <CloudUploadOutlined />,
            label: <Link to="/chuyen-du-lieu">{IMPORTS.menu}</Link>,
          },
          {
            key: 'requests',
            icon: <IdcardOutlined />,
            label: <Link to="/tai-khoan/de-nghi">Đề nghị cấp tài khoản</Link>,
          },
        ]
      : []),
    { key: 'profile', icon: <SafetyOutlined />, label: <Link to="/ho-so">Hồ sơ & bảo mật</Link> },
  ];
}

function selectedMenuKey(pathname: string): string[] {
  if (pathname.startsWith('/chien-dich/thiet-lap')) return ['campaign-settings'];
  if (pathname.startsWith('/chien-dich')) return ['campaign'];
  if (pathname.startsWith('/vuong-mac')) return ['problems'];
  if (pathname.startsWith('/to-chuc') || pathname.startsWith('/dang-vien')) return ['organizations'];
  if (pathname.startsWith('/trung-lap')) return ['duplicates'];
  if (pathname.startsWith('/chuyen-du-lieu')) return ['imports'];
  if (pathname.startsWith('/tai-khoan/de-nghi')) return ['requests'];
  if (pathname.startsWith('/tai-khoan')) return ['accounts'];
  if (pathname.startsWith('/ho-so')) return ['profile'];
  return [];
}

export default function AppLayout() {
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();

  const roles = me?.roles.map((role) => ROLE_LABELS[role] ?? `Vai trò ${role}`).join(', ') ?? '';

  const onLogout = () => {
    logout.mutate(undefined, {
      onSettled: () => {
        void navigate('/dang-nhap', { replace: true });
        void message.success('Đã đăng xuất');
      },
    });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          paddingInline: 20,
          background: '#8e1414',
        }}
      >
        <Link to="/to-chuc" style={{ color: '#fff', fontWeight: 600, fontSize: 18, whiteSpace: 'nowrap' }}>
          {PRODUCT_NAME}
        </Link>
        <div style={{ flex: 1 }} />
        {me && (
          <Space size="middle" style={{ color: '#fff' }} data-testid="account-info">
            <NotificationBell />
            <Tooltip title={roles ? `Vai trò: ${roles}` : undefined}>
              <span
                style={{
                  lineHeight: 1.3,
                  display: 'inline-flex',
                  flexDirection: 'column',
                  textAlign: 'right',
                }}
              >
                <span>
                  <UserOutlined aria-hidden /> <strong>{me.fullName || me.username}</strong>
                </span>
                <span style={{ fontSize: 12, opacity: 0.85 }}>Phạm vi: {me.scope.name}</span>
              </span>
            </Tooltip>
            <Button icon={<LogoutOutlined />} onClick={onLogout} loading={logout.isPending} ghost>
              Đăng xuất
            </Button>
          </Space>
        )}
      </Header>
      <Layout>
        <Sider
          width={200}
          collapsible
          defaultCollapsed={window.innerWidth < 1600}
          collapsedWidth={56}
          theme="light"
        >
          <nav aria-label="Chức năng">
            <Menu mode="inline" selectedKeys={selectedMenuKey(location.pathname)} items={menuItems(me)} />
          </nav>
        </Sider>
        <Content style={{ padding: 16, minWidth: 0 }}>
          {/* A temporary password or a missing two-factor enrolment: the profile page until it is done. */}
          {me?.pendingStep && !location.pathname.startsWith('/ho-so') && <Navigate to="/ho-so" replace />}
          {me?.pendingStep && (
            <Typography.Paragraph type="warning">
              {me.pendingStep === 'PASSWORD_CHANGE_REQUIRED'
                ? 'Tài khoản đang dùng mật khẩu tạm thời: hãy đổi mật khẩu để bắt đầu làm việc.'
                : 'Tài khoản quản trị phải bật xác thực hai lớp để bắt đầu làm việc.'}
            </Typography.Paragraph>
          )}
          <Suspense fallback={<Spin description="Đang tải…" />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}

import { lazy, Suspense, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router-dom';
import { isApiError, setUnauthenticatedHandler } from './api/client.ts';
import { meQueryKey } from './api/auth.ts';
import { ErrorBoundary, ErrorResult } from './components/error-boundary.tsx';
import { RequireAuth } from './components/require-auth.tsx';

dayjs.locale('vi');

// Pages are separate chunks: the login screen does not pay for the tree or the member form.
const AppLayout = lazy(() => import('./components/app-layout.tsx'));
const LoginPage = lazy(() => import('./pages/auth/login-page.tsx'));
const OrganizationsPage = lazy(() => import('./pages/organizations/organizations-page.tsx'));
const MemberPage = lazy(() => import('./pages/members/member-page.tsx'));
const AccountsPage = lazy(() => import('./pages/accounts/accounts-page.tsx'));
const RequestsPage = lazy(() => import('./pages/accounts/requests-page.tsx'));
const ProfilePage = lazy(() => import('./pages/profile/profile-page.tsx'));
const ActivatePage = lazy(() => import('./pages/profile/activate-page.tsx'));
const DuplicatesPage = lazy(() => import('./pages/duplicates/duplicates-page.tsx'));
const PairPage = lazy(() => import('./pages/duplicates/pair-page.tsx'));
const NotFoundPage = lazy(() => import('./pages/not-found/not-found-page.tsx'));
const CampaignDashboardPage = lazy(() => import('./pages/campaign/campaign-dashboard-page.tsx'));
const CampaignReportPage = lazy(() => import('./pages/campaign/campaign-report-page.tsx'));
const CampaignSettingsPage = lazy(() => import('./pages/campaign/campaign-settings-page.tsx'));
const ProblemReportsPage = lazy(() => import('./pages/problem-reports/problem-reports-page.tsx'));
const ImportWizardPage = lazy(() => import('./pages/imports/import-wizard-page.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx answer will not change by asking again.
      retry: (failureCount, error) =>
        !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
  },
});

function page(element: ReactNode) {
  return (
    <Suspense fallback={<Spin size="large" fullscreen description="Đang tải…" />}>
      <ErrorBoundary>{element}</ErrorBoundary>
    </Suspense>
  );
}

const router = createBrowserRouter([
  { path: '/dang-nhap', element: page(<LoginPage />), errorElement: <ErrorResult /> },
  { path: '/kich-hoat', element: page(<ActivatePage />), errorElement: <ErrorResult /> },
  {
    element: (
      <RequireAuth>
        <Suspense fallback={<Spin size="large" fullscreen description="Đang tải…" />}>
          <AppLayout />
        </Suspense>
      </RequireAuth>
    ),
    errorElement: <ErrorResult />,
    children: [
      { index: true, element: <Navigate to="/to-chuc" replace /> },
      { path: '/to-chuc', element: page(<OrganizationsPage />) },
      { path: '/to-chuc/:orgId', element: page(<OrganizationsPage />) },
      { path: '/dang-vien/:memberId', element: page(<MemberPage />) },
      { path: '/trung-lap', element: page(<DuplicatesPage />) },
      { path: '/trung-lap/:pairId', element: page(<PairPage />) },
      { path: '/tai-khoan', element: page(<AccountsPage />) },
      { path: '/tai-khoan/de-nghi', element: page(<RequestsPage />) },
      { path: '/ho-so', element: page(<ProfilePage />) },
      { path: '/chien-dich', element: page(<CampaignDashboardPage />) },
      { path: '/chien-dich/thiet-lap', element: page(<CampaignSettingsPage />) },
      { path: '/chien-dich/bao-cao', element: page(<CampaignReportPage />) },
      { path: '/chien-dich/bao-cao/:orgId', element: page(<CampaignReportPage />) },
      { path: '/chien-dich/:orgId', element: page(<CampaignDashboardPage />) },
      { path: '/vuong-mac', element: page(<ProblemReportsPage />) },
      { path: '/vuong-mac/:id', element: page(<ProblemReportsPage />) },
      { path: '/chuyen-du-lieu', element: page(<ImportWizardPage />) },
      { path: '/chuyen-du-lieu/viec/:jobId', element: page(<ImportWizardPage />) },
      { path: '/chuyen-du-lieu/lan-nhap/:runId', element: page(<ImportWizardPage />) },
      { path: '*', element: page(<NotFoundPage />) },
    ],
  },
]);

setUnauthenticatedHandler(() => {
  queryClient.setQueryData(meQueryKey, null);
  const { pathname, search } = router.state.location;
  if (pathname !== '/dang-nhap') {
    void router.navigate('/dang-nhap', { replace: true, state: { from: pathname + search } });
  }
});

export function App() {
  return (
    <ConfigProvider locale={viVN} theme={{ token: { borderRadius: 6, fontSize: 14 } }}>
      <AntApp>
        <ErrorBoundary>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}

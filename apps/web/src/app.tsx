import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider } from './auth/auth-context';
import { RequireAuth } from './auth/require-auth';
import { SignInPage } from './auth/sign-in-page';
import { Shell } from './components/shell';

const Overview = lazy(() => import('./views/overview/overview-page'));
const Issues = lazy(() => import('./views/issues/issues-page'));
const IssueDetail = lazy(() => import('./views/issue-detail/issue-detail-page'));
const Triage = lazy(() => import('./views/triage/triage-page'));
const Queue = lazy(() => import('./views/queue/queue-page'));
const Projects = lazy(() => import('./views/projects/projects-page'));
const Prompts = lazy(() => import('./views/prompts/prompts-page'));
const Template = lazy(() => import('./views/prompts/template-page'));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { refetchOnWindowFocus: true, staleTime: 5_000, retry: (count, error) => count < 1 && !isClientError(error) },
    },
  });
}

function isClientError(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route
        element={
          <RequireAuth>
            <Shell />
          </RequireAuth>
        }
      >
        <Route index element={<Overview />} />
        <Route path="issues" element={<Issues />} />
        <Route path="issues/:ref" element={<IssueDetail />} />
        <Route path="triage" element={<Triage />} />
        <Route path="queue" element={<Queue />} />
        <Route path="projects" element={<Projects />} />
        <Route path="prompts" element={<Prompts />} />
        <Route path="prompts/:slug" element={<Template />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

export function Providers({ children, queryClient, fetch }: { children: ReactNode; queryClient: QueryClient; fetch?: typeof globalThis.fetch }) {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider {...(fetch ? { fetch } : {})}>{children}</AuthProvider>
    </QueryClientProvider>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <Providers queryClient={queryClient}>
      <BrowserRouter basename="/app">
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  );
}

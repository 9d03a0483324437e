import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './auth-context';

/** Sends a signed-out person to sign-in, remembering where they were going (a path, never a key). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { client } = useAuth();
  const location = useLocation();
  if (!client) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

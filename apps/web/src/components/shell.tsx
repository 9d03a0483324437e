import { Suspense } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { Loading } from './states';
import { ViewBoundary } from './view-boundary';

const nav = [
  { to: '/', label: 'Overview', end: true },
  { to: '/issues', label: 'Issues', end: false },
  { to: '/triage', label: 'Triage', end: false },
  { to: '/queue', label: 'Queue', end: false },
  { to: '/projects', label: 'Projects', end: false },
  { to: '/prompts', label: 'Prompts', end: false },
];

export function Shell() {
  const { signOut } = useAuth();
  const { pathname } = useLocation();
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
          <span className="flex-1 font-semibold sm:flex-none">Loop</span>
          <nav aria-label="Main" className="order-last w-full overflow-x-auto sm:order-none sm:w-auto sm:flex-1">
            <ul className="flex flex-wrap gap-1">
              {nav.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    end={item.end}
                    className={({ isActive }) =>
                      `block whitespace-nowrap rounded px-2 py-1 text-sm ${isActive ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'}`
                    }
                  >
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <button type="button" onClick={signOut} className="whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100">
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        <ViewBoundary key={pathname}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </ViewBoundary>
      </main>
    </div>
  );
}

import { lazyRouters } from '../http/lazy-router';

/**
 * Everything under `/api/v1`, behind the bearer wall. Each domain contributes one router whose paths
 * are relative to `/api/v1` (e.g. `/issues/{idOrNumber}`), imported by the first request that reaches
 * one of its prefixes (ADR 0046): a cold function builds the schemas of the routes it serves, not of
 * every route. Listed in the OpenAPI document's order; a test checks that each router's paths sit
 * under its prefixes.
 */
export const v1Routes = lazyRouters('/api/v1', [
  { prefixes: ['/api-keys'], load: async () => (await import('./api-keys')).apiKeyRoutes },
  { prefixes: ['/issues'], load: async () => (await import('./issues')).issuesRoutes },
  { prefixes: ['/issues/:idOrNumber/comments'], load: async () => (await import('./comments')).commentsRoutes },
  { prefixes: ['/issues/:idOrNumber/relations', '/relations'], load: async () => (await import('./relations')).relationsRoutes },
  { prefixes: ['/labels'], load: async () => (await import('./labels')).labelsRoutes },
  { prefixes: ['/projects'], load: async () => (await import('./projects')).projectsRoutes },
  { prefixes: ['/goals'], load: async () => (await import('./goals')).goalsRoutes },
  { prefixes: ['/signals'], load: async () => (await import('./signals')).signalsRoutes },
  { prefixes: ['/templates', '/issues/:idOrNumber/prompt-preview'], load: async () => (await import('./templates')).templatesRoutes },
  { prefixes: ['/prompt-reviews'], load: async () => (await import('./prompt-reviews')).promptReviewsRoutes },
  { prefixes: ['/dispatch', '/dispatches'], load: async () => (await import('./dispatch')).dispatchRoutes },
  { prefixes: ['/dashboard'], load: async () => (await import('./dashboard')).dashboardRoutes },
]);

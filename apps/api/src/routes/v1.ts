import { createRouter } from '../http/router';
import { apiKeyRoutes } from './api-keys';
import { commentsRoutes } from './comments';
import { dashboardRoutes } from './dashboard';
import { dispatchRoutes } from './dispatch';
import { goalsRoutes } from './goals';
import { issuesRoutes } from './issues';
import { labelsRoutes } from './labels';
import { projectsRoutes } from './projects';
import { promptReviewsRoutes } from './prompt-reviews';
import { relationsRoutes } from './relations';
import { signalsRoutes } from './signals';
import { templatesRoutes } from './templates';

/**
 * Everything under `/api/v1`, behind the bearer wall. Each domain contributes one router whose paths
 * are relative to `/api/v1` (e.g. `/issues/{idOrNumber}`).
 */
export const v1Routes = createRouter()
  .route('/', apiKeyRoutes)
  .route('/', issuesRoutes)
  .route('/', commentsRoutes)
  .route('/', relationsRoutes)
  .route('/', labelsRoutes)
  .route('/', projectsRoutes)
  .route('/', goalsRoutes)
  .route('/', signalsRoutes)
  .route('/', templatesRoutes)
  .route('/', promptReviewsRoutes)
  .route('/', dispatchRoutes)
  .route('/', dashboardRoutes);

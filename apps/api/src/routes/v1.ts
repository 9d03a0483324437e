import { createRouter } from '../http/router';
import { apiKeyRoutes } from './api-keys';

/**
 * Everything under `/api/v1`, behind the bearer wall. Each domain contributes one router; the
 * paths inside a router are relative to `/api/v1`.
 */
export const v1Routes = createRouter().route('/', apiKeyRoutes);

import { createRouter } from '../../http/router';
import { githubWebhookRoutes } from './github';
import { posthogWebhookRoutes } from './posthog';
import { sentryWebhookRoutes } from './sentry';

/**
 * `/webhooks/*`: public, mounted before the bearer wall. Each provider's route verifies its own
 * signature over the raw body (middleware/webhook-*.ts) before anything is parsed or stored.
 */
export const webhooksRoutes = createRouter()
  .route('/', githubWebhookRoutes)
  .route('/', sentryWebhookRoutes)
  .route('/', posthogWebhookRoutes);

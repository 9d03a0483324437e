import { createRouter } from '../../http/router';

// Placeholder router: filled in by the issue that builds this resource.
export const webhooksRoutes = createRouter();

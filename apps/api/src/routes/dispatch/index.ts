import { createRouter } from '../../http/router';
import { claimRoutes } from './claim';
import { dispatchesRoutes } from './dispatches';
import { queueRoutes } from './queue';

export const dispatchRoutes = createRouter()
  .route('/', queueRoutes)
  .route('/', claimRoutes)
  .route('/', dispatchesRoutes);

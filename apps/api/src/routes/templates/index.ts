import { createRouter } from '../../http/router';
import { previewRoutes } from './preview';
import { templateReviewRoutes } from './reviews';
import { templateRoutes } from './templates';
import { versionRoutes } from './versions';

// The preview comes first: `/templates/preview/…` must never be read as a template named "preview"
// (the slug is reserved, so no template can carry it).
export const templatesRoutes = createRouter()
  .route('/', previewRoutes)
  .route('/', templateRoutes)
  .route('/', versionRoutes)
  .route('/', templateReviewRoutes);

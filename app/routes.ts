import type { RouteConfig } from '@remix-run/route-config';
import { flatRoutes } from '@remix-run/fs-routes';

// Colocated helpers (*.server.ts) and tests beside route modules are not routes.
export default flatRoutes({
  ignoredRouteFiles: ['**/.*', '**/*.server.ts', '**/*.test.ts'],
}) satisfies RouteConfig;

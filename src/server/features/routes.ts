import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.ts';

/** Each area's routes, registered in one place so that the route table is complete. */
export async function registerFeatureRoutes(_app: FastifyInstance, _services: Services): Promise<void> {}

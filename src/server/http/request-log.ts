import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** A request for the web app (its assets, index.html, a client-side route), not for the API. */
export function isWebAppRequest(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return pathname !== '/api' && !pathname.startsWith('/api/');
}

/**
 * Fastify's per-request log lines, with the web app's files at debug: one page load fetches a dozen assets, and
 * at info the log keeps to the API (what users did). Failed requests are logged as Fastify logs them.
 */
export class WebAppAtDebugLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (!isWebAppRequest(request.url)) super.incomingRequest(request, reply, metadata);
    else if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (error || !isWebAppRequest(request.url)) super.requestCompleted(error, request, reply, metadata);
    else if (!this.isLogDisabled(request))
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

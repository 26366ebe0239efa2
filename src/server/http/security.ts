import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { RetryDetails } from '../../contracts/auth.ts';
import { AppError, isAppError } from '../errors.ts';

export type SecurityOptions = {
  /** Requests per minute and client address on the routes marked with AUTH_RATE_LIMIT. */
  loginRatePerMinute: number;
  /**
   * The app's public origins (LUOSHI_PUBLIC_ORIGIN, e.g. https://luoshi.example.cn). Empty: a state-changing request
   * must come from the host it was sent to (its Host header, or X-Forwarded-Host behind a trusted proxy).
   */
  publicOrigins: readonly string[];
};

/**
 * The Content-Security-Policy the built web app runs under (e2e/security.test.ts opens every main page in Chromium
 * and fails on any violation): scripts only from the app itself; inline styles allowed because antd writes its
 * CSS-in-JS into <style> elements at run time; images and fonts from the app or data:/blob: URLs (icons, charts,
 * previews of a file before upload). The Swagger UI at /api/docs runs under the same policy.
 */
const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/**
 * The per-address request limit of the login and password routes (`config: { rateLimit: AUTH_RATE_LIMIT }`): each
 * such route allows a client address `loginRatePerMinute` requests a minute and answers 429 with Retry-After beyond
 * it. It bounds guessing across many usernames; the per-username delays of login-throttle.ts bound guessing one.
 */
export const AUTH_RATE_LIMIT: RateLimitOptions = {};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin a browser says a request comes from: Origin, or the origin of the Referer; undefined when neither. */
function sourceOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== '') return origin;
  const referer = request.headers.referer;
  if (typeof referer === 'string' && referer !== '') {
    try {
      return new URL(referer).origin;
    } catch {
      return 'null';
    }
  }
  return undefined;
}

function isOwnOrigin(source: string, request: FastifyRequest, publicOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return false; // 'null' (a sandboxed frame, a data: page) and anything unparseable
  }
  if (publicOrigins.length > 0) return publicOrigins.includes(url.origin);
  // The host alone (not the scheme): behind a TLS-terminating proxy the request arrives over http while the page
  // was https, and a page on the same host is the app itself whatever its scheme. Default ports may be written or not.
  return hostKey(url.host) === hostKey(request.host);
}

function hostKey(host: string): string {
  return host.toLowerCase().replace(/:(80|443)$/, '');
}

/**
 * The headers helmet sets with these options, found once at startup: a throwaway instance with @fastify/helmet
 * answers one request, beside one without it. @fastify/helmet would rebuild helmet's middleware (the CSP string
 * included) on every request; the headers do not depend on the request, so the app sets these strings instead.
 */
async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify();
    if (withHelmet) await probe.register(helmet, options);
    probe.get('/', async () => '');
    const res = await probe.inject({ method: 'GET', url: '/' });
    await probe.close();
    return res.headers;
  };
  const [plain, helmeted] = [await answer(false), await answer(true)];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(helmeted)) {
    if (name !== 'date' && typeof value === 'string' && plain[name] !== value) headers[name] = value;
  }
  return headers;
}

/**
 * Security headers (helmet, with the CSP above and a Referrer-Policy that keeps same-origin requests' Origin
 * header meaningful), the per-address rate limit of the login and password routes, and the cross-site request
 * check: a POST/PUT/PATCH/DELETE under /api whose Origin (or, without one, Referer) names another site is refused
 * with 403 ORIGIN_REFUSED. A request carrying neither header passes (the CLI, scripts, tests): browsers always
 * send Origin on such requests, and the session cookie is SameSite=Lax besides.
 */
export async function registerSecurity(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  const headers = await helmetHeaders({
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // 'same-origin' (not helmet's 'no-referrer'): with no-referrer a browser sends "Origin: null" on the app's own
    // POSTs, and the origin check below would refuse them.
    referrerPolicy: { policy: 'same-origin' },
    // Over plain HTTP browsers ignore it; behind TLS it keeps them on HTTPS for 180 days (this host only).
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });

  await app.register(rateLimit, {
    global: false,
    max: opts.loginRatePerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      const details: RetryDetails = {
        retryAfterSeconds: seconds,
        retryAt: new Date(Date.now() + seconds * 1000).toISOString(),
      };
      return AppError.of('RATE_LIMITED', 'err.http.rateLimited', { seconds }, details);
    },
  });

  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method) || !request.url.startsWith('/api')) return;
    const source = sourceOrigin(request);
    if (source === undefined || isOwnOrigin(source, request, opts.publicOrigins)) return;
    throw AppError.of('ORIGIN_REFUSED', 'err.http.originRefused', {}, { origin: source });
  });

  // A 429 the services raise (a login delay) says when to retry in its details; HTTP clients read Retry-After.
  app.addHook('onError', async (_request, reply, error) => {
    if (!isAppError(error) || error.status !== 429 || reply.hasHeader('retry-after')) return;
    const seconds = (error.details as Partial<RetryDetails> | undefined)?.retryAfterSeconds;
    if (typeof seconds === 'number') reply.header('retry-after', String(seconds));
  });
}

// Dispatches a request: security headers and CORS on every answer, the route for its path (rate
// limited per client address for the browser-facing API), else a static file, else a JSON 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, sendError } from './errors';
import { type AllowedOrigins, applyCors, applySecurityHeaders, clientIp } from './headers';
import { serveStatic } from './static';

export interface Route {
  method: 'GET' | 'POST';
  /** Browser-facing API routes: CORS-checked and rate-limited per client address. */
  api: boolean;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

export type Routes = Record<string, Route>;

export interface RouterOptions {
  routes: Routes;
  allowedOrigins: AllowedOrigins;
  /** Proxies in front of the gateway whose X-Forwarded-For entries are trusted. */
  trustProxyHops: number;
  /** Where the built demo page and bundles are. */
  distDir: string;
  /** Serve the bundles' source maps (*.map); off, the sources stay private. */
  serveSourceMaps: boolean;
  /** Takes one request from this client address; rejects with a 429 when it sends too fast. */
  limitClient(ip: string): Promise<void>;
}

/** The client went away mid-request (an aborted upload, a closed tab): nothing to answer, and nothing broke. */
function clientGone(req: IncomingMessage, error: unknown): boolean {
  return req.socket.destroyed || (error as { code?: unknown } | null)?.code === 'ECONNRESET';
}

export function createRouter({ routes, allowedOrigins, trustProxyHops, distDir, serveSourceMaps, limitClient }: RouterOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    applySecurityHeaders(res);
    const { pathname } = new URL(req.url ?? '/', 'http://gateway');
    const route = routes[pathname];
    try {
      const allowedOrigin = applyCors(req, res, allowedOrigins);
      if (route?.api && !allowedOrigin) {
        throw new HttpError(403, 'origin_not_allowed', `Origin ${req.headers.origin} may not use this gateway (see ALLOWED_ORIGINS).`);
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
      } else if (route) {
        if (req.method !== route.method) throw new HttpError(405, 'method_not_allowed', `Use ${route.method} for ${pathname}.`, { Allow: route.method });
        if (route.api) await limitClient(clientIp(req, trustProxyHops));
        await route.handle(req, res);
      } else if (req.method === 'GET' || req.method === 'HEAD') {
        if (!(await serveStatic(req, res, distDir, pathname, serveSourceMaps))) throw new HttpError(404, 'not_found', `Nothing at ${pathname}.`);
      } else {
        throw new HttpError(404, 'not_found', `Nothing at ${req.method} ${pathname}.`);
      }
    } catch (error) {
      if (res.headersSent || clientGone(req, error)) return void res.destroy();
      if (error instanceof HttpError) return sendError(res, error);
      console.error('gateway: unexpected error', error);
      sendError(res, new HttpError(500, 'internal_error', 'The gateway failed to handle this request.'));
    }
  };
}

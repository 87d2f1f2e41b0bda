// Headers every response carries, CORS for the sites that embed the widget, and what requests
// say about their sender (client address, bearer token).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Which sites may embed the widget: '*' for any, else exact origins ("https://shop.example"). */
export type AllowedOrigins = '*' | readonly string[];

/**
 * The widget runs on other sites: an allowed origin may call with the Authorization header.
 * Returns false for a cross-origin request from a site that is not allowed.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: AllowedOrigins): boolean {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (!origin) return true;
  if (allowed !== '*' && !allowed.includes(origin)) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, Last-Event-ID, X-File-Name');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Max-Age', '600');
  return true;
}

/**
 * The client's address. Behind `trustedHops` proxies, each appends the address it saw to
 * X-Forwarded-For, so the entry `trustedHops` from the right is the one the outermost trusted
 * proxy wrote; anything left of it came from the client and proves nothing.
 */
export function clientIp(req: IncomingMessage, trustedHops: number): string {
  const forwarded = req.headers['x-forwarded-for'];
  const hops = trustedHops > 0 && typeof forwarded === 'string' ? forwarded.split(',').map((a) => a.trim()).filter(Boolean) : [];
  return hops[Math.max(0, hops.length - trustedHops)] || req.socket.remoteAddress || 'unknown';
}

export function applySecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  // The bundle is loaded by script tags on other sites.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}

export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

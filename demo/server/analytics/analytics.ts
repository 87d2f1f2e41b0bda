// Interaction analytics (PROTOCOL §5): the widget's impression beacon in, owner-facing counts out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyGuard } from '../auth/api-keys';
import { HttpError, readJson, sendJson } from '../http/errors';
import { timeWindow } from '../http/time-window';
import type { AnalyticsStore, Counts, ImpressionRecord } from '../store/store';
import { UUID } from '../chat/validate';
import { deviceOf } from './device';

export interface AnalyticsDeps {
  store: AnalyticsStore;
  apiKeys: readonly Buffer[];
  keyGuard: KeyGuard;
  clock: () => number;
}

function text(body: Record<string, unknown>, key: string, max: number, required = false): string | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length > max || (required && !value)) {
    throw new HttpError(400, 'invalid_request', `${key} must be a${required ? ' non-empty' : ''} string of at most ${max} characters.`);
  }
  return value;
}

/** POST /api/track-interaction: one impression; the client address comes from the connection and
 *  the device from the User-Agent, as seed 002 takes them. */
export async function handleImpression(req: IncomingMessage, res: ServerResponse, deps: AnalyticsDeps, ip: string): Promise<void> {
  const body = await readJson(req, 16 * 1024);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'The body must be a JSON object.');
  const fields = body as Record<string, unknown>;
  const conversationId = text(fields, 'conversation_id', 36, true)!;
  if (!UUID.test(conversationId)) throw new HttpError(400, 'invalid_request', 'conversation_id must be a UUID.');
  const pageUrl = text(fields, 'page_url', 2048, true)!;
  if (!/^https?:\/\//.test(pageUrl)) throw new HttpError(400, 'invalid_request', 'page_url must be an http(s) URL.');
  const environment = fields['environment'] ?? 'production';
  if (environment !== 'production' && environment !== 'development') throw new HttpError(400, 'invalid_request', 'environment must be production or development.');
  const metadata = fields['metadata'] ?? {};
  const entries = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? Object.entries(metadata) : null;
  if (!entries || entries.length > 20 || !entries.every(([k, v]) => k.length <= 100 && (typeof v === 'boolean' || (typeof v === 'string' && v.length <= 2048)))) {
    throw new HttpError(400, 'invalid_request', 'metadata must be an object of at most 20 string or boolean values.');
  }
  const customerId = text(fields, 'customer_id', 200);
  const record: ImpressionRecord = {
    conversationId: conversationId.toLowerCase(),
    ...(customerId && { customerId }),
    pageUrl,
    device: deviceOf(req.headers['user-agent']),
    source: text(fields, 'source', 50) ?? 'web',
    language: text(fields, 'language', 35) ?? '',
    environment,
    ip,
    metadata: Object.fromEntries(entries) as Record<string, string | boolean>,
    createdAt: deps.clock(),
  };
  await deps.store.recordImpression(record);
  sendJson(res, 200, { ok: true });
}

/** Seed 002's interaction rate: actual conversations / initialized conversations × 100, to 0.1. */
const rate = ({ initialized, engaged }: Counts) => (initialized ? Math.round((engaged / initialized) * 1000) / 10 : 0);

/** The rate and the abandonment (initialized conversations never used) beside the counts. */
const figures = <T extends Counts>(counts: T) => ({ ...counts, interactionRate: rate(counts), abandoned: counts.initialized - counts.engaged });

/** GET /api/analytics?start_time&end_time (x-api-key): page views, conversations, engagement, breakdowns. */
export async function handleAnalytics(req: IncomingMessage, res: ServerResponse, deps: AnalyticsDeps, address: string): Promise<void> {
  await deps.keyGuard.require(req, deps.apiKeys, 'analytics API', address);
  const params = new URL(req.url ?? '/', 'http://gateway').searchParams;
  const { start, end } = timeWindow(params);
  const { pageViews, initialized, opens, engaged, reactions, byPage, byDevice, byHour } = await deps.store.analytics(start * 1000, end * 1000);
  sendJson(res, 200, {
    start_time: start,
    end_time: end,
    ...figures({ pageViews, initialized, engaged }),
    opens,
    reactions,
    byPage: byPage.map(figures),
    byDevice: byDevice.map(figures),
    byHour: byHour.map(({ hour, ...counts }) => figures({ hour: new Date(hour).toISOString(), ...counts })),
  });
}

/**
 * GET /api/analytics/status: whether the analytics can be read and how to get a key, so that the
 * dashboard shows a way forward instead of a form that can only fail. Says nothing secret.
 */
export function analyticsStatus(keys: number, generated: boolean): { enabled: boolean; help: string } {
  if (keys === 0) {
    return { enabled: false, help: 'The analytics are off: this gateway has no owner key. Set EXPORT_API_KEYS (for example EXPORT_API_KEYS=my-key npm start) and restart it.' };
  }
  return {
    enabled: true,
    help: generated
      ? 'This development gateway made an owner key when it started: it printed it, and keeps it in the file export-api-key of its data directory.'
      : 'Enter one of the keys in the gateway\'s EXPORT_API_KEYS.',
  };
}

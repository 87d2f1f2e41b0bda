// Interaction analytics (PROTOCOL §5): the widget's impression beacon in, owner-facing counts out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyGuard } from '../auth/api-keys';
import { HttpError, readJson, sendJson } from '../http/errors';
import { timeWindow } from '../http/time-window';
import type { AnalyticsStore, Counts, ImpressionRecord } from '../store/store';
import { UUID } from '../chat/validate';

export interface AnalyticsDeps {
  store: AnalyticsStore;
  apiKeys: readonly Buffer[];
  keyGuard: KeyGuard;
  clock: () => number;
}

const DEVICES = ['mobile', 'tablet', 'desktop'] as const;

function text(body: Record<string, unknown>, key: string, max: number, required = false): string | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length > max || (required && !value)) {
    throw new HttpError(400, 'invalid_request', `${key} must be a${required ? ' non-empty' : ''} string of at most ${max} characters.`);
  }
  return value;
}

/** POST /api/track-interaction: one impression; the client address comes from the connection. */
export async function handleImpression(req: IncomingMessage, res: ServerResponse, deps: AnalyticsDeps, ip: string): Promise<void> {
  const body = await readJson(req, 16 * 1024);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'The body must be a JSON object.');
  const fields = body as Record<string, unknown>;
  const conversationId = text(fields, 'conversation_id', 36, true)!;
  if (!UUID.test(conversationId)) throw new HttpError(400, 'invalid_request', 'conversation_id must be a UUID.');
  const pageUrl = text(fields, 'page_url', 2048, true)!;
  if (!/^https?:\/\//.test(pageUrl)) throw new HttpError(400, 'invalid_request', 'page_url must be an http(s) URL.');
  const device = fields['device'] ?? 'desktop';
  if (!DEVICES.includes(device as (typeof DEVICES)[number])) throw new HttpError(400, 'invalid_request', `device must be one of ${DEVICES.join(', ')}.`);
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
    device: device as ImpressionRecord['device'],
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

const rate = ({ impressions, engaged }: Counts) => (impressions ? Math.round((engaged / impressions) * 1000) / 10 : 0);

/** GET /api/analytics?start_time&end_time (x-api-key): impressions, opens, engagement, breakdowns. */
export async function handleAnalytics(req: IncomingMessage, res: ServerResponse, deps: AnalyticsDeps, address: string): Promise<void> {
  await deps.keyGuard.require(req, deps.apiKeys, 'analytics API', address);
  const params = new URL(req.url ?? '/', 'http://gateway').searchParams;
  const { start, end } = timeWindow(params);
  const totals = await deps.store.analytics(start * 1000, end * 1000);
  const withRate = <T extends Counts>(rows: T[]) => rows.map((row) => ({ ...row, interactionRate: rate(row) }));
  sendJson(res, 200, {
    start_time: start,
    end_time: end,
    impressions: totals.impressions,
    opens: totals.opens,
    engaged: totals.engaged,
    interactionRate: rate(totals),
    // Page views that never led to a conversation with a visitor message.
    abandoned: Math.max(0, totals.impressions - totals.engaged),
    reactions: totals.reactions,
    byPage: withRate(totals.byPage),
    byDevice: withRate(totals.byDevice),
    byHour: withRate(totals.byHour.map(({ hour, ...counts }) => ({ hour: new Date(hour).toISOString(), ...counts }))),
  });
}

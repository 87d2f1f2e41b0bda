// GET /conversations/export/v1/{conversations,messages} (PROTOCOL §6): keyset pages over a
// snapshot of the window, so following cursors yields every record once, in time order, even
// while new conversations are being written.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyGuard } from '../auth/api-keys';
import { HttpError, sendJson } from '../http/errors';
import { timeWindow } from '../http/time-window';
import { readBody } from '../events/message-body';
import { type RateLimiter, takeOrThrow } from '../limits/rate-limit';
import type { ExportQuery, ExportReader, ExportedConversation, ExportedMessage } from '../store/store';
import { storedAttachments, withUrls } from '../files/attachments';
import type { FileUrls } from '../files/file-urls';
import { parseJson } from '../../../widget/protocol/json';

export interface ExportDeps {
  store: ExportReader;
  /** Accepted keys; none means the export is switched off. */
  apiKeys: readonly Buffer[];
  keyGuard: KeyGuard;
  /** 3 requests per second per endpoint per key. */
  limiter: RateLimiter;
  clock: () => number;
  /** Signs the URLs of the files visitors sent. */
  urls: FileUrls;
}

interface Cursor {
  /** Position: the last record's time (ms) and id. */
  t: number;
  i: string;
  /** The snapshot's end, fixed by the first page: later writes belong to the next export. */
  u: number;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(raw: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof value.t === 'number' && typeof value.i === 'string' && typeof value.u === 'number') return { t: value.t, i: value.i, u: value.u };
  } catch {
    // reported below
  }
  throw new HttpError(400, 'invalid_parameter', 'cursor is not one this API returned.');
}

function queryFrom(url: URL, now: number): ExportQuery & { until: number } {
  const params = url.searchParams;
  const { start, end } = timeWindow(params);
  const botName = params.get('bot_name');
  if (!botName) throw new HttpError(400, 'invalid_parameter', 'bot_name is required (the agent id).');
  const perPageRaw = params.get('per_page') ?? '100';
  const perPage = /^\d{1,4}$/.test(perPageRaw) ? Number(perPageRaw) : NaN;
  if (!(perPage >= 1 && perPage <= 1000)) throw new HttpError(400, 'invalid_parameter', `per_page must be an integer from 1 to 1000; got ${JSON.stringify(perPageRaw)}.`);
  const rawCursor = params.get('cursor');
  const cursor = rawCursor ? decodeCursor(rawCursor) : undefined;
  const conversationId = params.get('conversation_id') ?? undefined;
  return {
    botName,
    from: start * 1000,
    until: cursor?.u ?? Math.min(end * 1000, now),
    limit: perPage,
    ...(cursor && { after: { time: cursor.t, id: cursor.i } }),
    ...(conversationId && { conversationId: conversationId.toLowerCase() }),
  };
}

const isoTime = (ms: number) => new Date(ms).toISOString();

/** A language tag as seed 004 writes locales: "en-US" is "en_us". */
const seedLocale = (tag: string) => tag.toLowerCase().replaceAll('-', '_');

function conversationRecord(c: ExportedConversation, messages: ExportedMessage[]) {
  const question = messages.find((m) => m.role === 'EndUser')?.text ?? '';
  const transcript = messages.map((m) => `${m.role === 'EndUser' ? 'User' : m.role === 'Agent' ? 'Agent' : 'Bot'}:\t${m.text}`).join('\n');
  const tags = [
    ...(c.escalated ? ['escalated'] : []),
    ...(c.status === 'closed' ? ['closed'] : []),
    ...(c.positiveFeedback ? ['positiveFeedback'] : []),
    ...(c.negativeFeedback ? ['negativeFeedback'] : []),
  ];
  const locale = seedLocale(c.metadata['locale'] ?? 'en');
  return {
    _id: c.id,
    startTime: Math.floor(c.createdAt / 1000),
    lastActionAt: isoTime(c.lastActionAt),
    locale,
    tags,
    userMessageCount: c.userMessageCount,
    metadata: { ...c.metadata, locale, ...(c.pageUrl && { page_url: c.pageUrl }), question, transcript },
  };
}

function messageRecord(m: ExportedMessage, urls: FileUrls) {
  const base = { _id: m.id, time: m.createdAt / 1000, conversationId: m.conversationId };
  if (m.role === 'EndUser') {
    // The files the visitor sent, with URLs that work for the configured time from the export.
    const attachments = withUrls(storedAttachments(parseJson(m.body)), m.conversationId, urls);
    return { ...base, type: 'UserInput', userInput: m.text, userActionType: m.action ?? 'text', ...(attachments.length && { attachments }) };
  }
  const offered = readBody(m.body);
  if (offered.choices) return { ...base, type: 'Question', outMsg: { steps: offered.steps.map((text) => ({ text })), options: offered.options.map((txt) => ({ txt })) } };
  return { ...base, type: m.role === 'Agent' ? 'AgentMessage' : 'BotMessage', outMsg: { steps: [{ text: m.text }] } };
}

export async function handleExport(req: IncomingMessage, res: ServerResponse, deps: ExportDeps, what: 'conversations' | 'messages', address: string): Promise<void> {
  const key = await deps.keyGuard.require(req, deps.apiKeys, 'export API', address);
  await takeOrThrow(deps.limiter, `${what}:${key}`, (seconds) => `At most 3 requests per second per endpoint; retry in ${seconds} s.`);
  const url = new URL(req.url ?? '/', 'http://gateway');
  const query = queryFrom(url, deps.clock());
  if (what === 'conversations' && query.conversationId) throw new HttpError(400, 'invalid_parameter', 'conversation_id filters messages only.');
  // One record more than the page tells whether another page follows.
  const page = { ...query, limit: query.limit + 1 };
  let data: unknown[];
  let last: { time: number; id: string } | undefined;
  let more: boolean;
  if (what === 'conversations') {
    const rows = await deps.store.exportConversations(page);
    more = rows.length > query.limit;
    const kept = rows.slice(0, query.limit);
    const transcripts = new Map<string, ExportedMessage[]>();
    for (const m of await deps.store.messagesOf(kept.map((c) => c.id))) {
      const list = transcripts.get(m.conversationId);
      if (list) list.push(m);
      else transcripts.set(m.conversationId, [m]);
    }
    data = kept.map((c) => conversationRecord(c, transcripts.get(c.id) ?? []));
    const tail = kept.at(-1);
    last = tail && { time: tail.createdAt, id: tail.id };
  } else {
    const rows = await deps.store.exportMessages(page);
    more = rows.length > query.limit;
    const kept = rows.slice(0, query.limit);
    data = kept.map((m) => messageRecord(m, deps.urls));
    const tail = kept.at(-1);
    last = tail && { time: tail.createdAt, id: `${tail.conversationId}/${tail.id}` };
  }
  sendJson(res, 200, { data, cursor: more && last ? encodeCursor({ t: last.time, i: last.id, u: query.until }) : null });
}

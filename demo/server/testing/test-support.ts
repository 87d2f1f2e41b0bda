// Starts a real gateway on a free port, for tests over HTTP: SQLite in a temp directory unless
// a store is given.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import { type GatewayOptions, createGateway } from '../app';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import type { Store } from '../store/store';

export interface TestGateway {
  url: string;
  dataDir: string;
  store: Store;
  /** Closes the conversations idle at the gateway's clock. */
  sweepIdle(): Promise<string[]>;
  close(): Promise<void>;
}

export async function startGateway(
  options: { pingMs?: number; dataDir?: string; store?: Store } & Pick<GatewayOptions, 'upstream' | 'openai' | 'limits' | 'exportApiKeys' | 'exportRate' | 'pendo' | 'hub' | 'limiter' | 'queue' | 'faults' | 'clock' | 'sessionIdleMs' | 'agentName' | 'tokenTtlMs' | 'serveSourceMaps' | 'files'> = {},
): Promise<TestGateway> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'agent-chat-test-'));
  const store = options.store ?? (await createSqliteStore(join(dataDir, 'agent-chat.db')));
  const gateway = createGateway({
    store, tokenSecret: Buffer.from('test-secret'), distDir: join(dataDir, 'dist'), pingMs: options.pingMs ?? 15_000, demoBotTokenMs: 1,
    ...(options.upstream && { upstream: options.upstream }),
    ...(options.openai && { openai: options.openai }),
    ...(options.limits && { limits: options.limits }),
    ...(options.exportApiKeys && { exportApiKeys: options.exportApiKeys }),
    ...(options.exportRate && { exportRate: options.exportRate }),
    ...(options.pendo && { pendo: options.pendo }),
    ...(options.faults && { faults: options.faults }),
    ...(options.hub && { hub: options.hub }),
    ...(options.limiter && { limiter: options.limiter }),
    ...(options.queue && { queue: options.queue }),
    ...(options.clock && { clock: options.clock }),
    // Off unless a test asks: seeded conversations of long ago must not close under it.
    sessionIdleMs: options.sessionIdleMs ?? 0,
    ...(options.agentName && { agentName: options.agentName }),
    ...(options.tokenTtlMs && { tokenTtlMs: options.tokenTtlMs }),
    ...(options.serveSourceMaps && { serveSourceMaps: options.serveSourceMaps }),
    ...(options.files && { files: options.files }),
  });
  await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
  const { port } = gateway.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    store,
    sweepIdle: () => gateway.sweepIdle(),
    async close() {
      await gateway.close();
      await store.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function chat(gw: TestGateway, body: unknown, token?: string, contentType = 'application/json', headers: Record<string, string> = {}) {
  const response = await fetch(`${gw.url}/converse/chat`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, ...(token && { Authorization: `Bearer ${token}` }), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

/** POST /api/files with the raw bytes; the answer's status and JSON body. */
export async function uploadFile(gw: { url: string }, token: string | null, body: Buffer, name: string, type = 'application/octet-stream') {
  const response = await fetch(`${gw.url}/api/files`, {
    method: 'POST',
    headers: { 'Content-Type': type, 'X-File-Name': encodeURIComponent(name), ...(token && { Authorization: `Bearer ${token}` }) },
    body: new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Starts a new conversation; returns its id and the token the gateway issued. */
export async function startConversation(gw: TestGateway) {
  const id = randomUUID();
  const { body } = await chat(gw, { platformConversationId: id, eventType: 'startSession' });
  return { id, token: body['token'] as string };
}

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** Reads the SSE stream until `until` says stop (or the time is up); returns events and comments. */
export async function readSse(
  gw: TestGateway,
  token: string,
  until: (events: SseEvent[], comments: string[]) => boolean,
  lastEventId?: string,
  timeoutMs = 5000,
) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const response = await fetch(`${gw.url}/eventrouter/v1/sse`, {
    headers: { Authorization: `Bearer ${token}`, ...(lastEventId && { 'Last-Event-ID': lastEventId }) },
    signal: controller.signal,
  });
  const parser = createParser({
    onEvent: (e) => void events.push({ ...(e.id !== undefined && { id: e.id }), ...(e.event && { event: e.event }), data: e.data }),
    onComment: (c) => void comments.push(c.trim()),
  });
  try {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    while (!until(events, comments)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      parser.feed(chunk.value);
    }
  } catch (e) {
    if (!controller.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status: response.status, events, comments };
}

export const payloadOf = (event: SseEvent) => JSON.parse(JSON.parse(event.data).conversationEntry.entryPayload);

/** The payloads of the messages a conversation's stream replays now (it reads for 300 ms). */
export const messagesOn = async (gw: TestGateway, token: string) =>
  (await readSse(gw, token, () => false, undefined, 300)).events.filter((e) => e.event === 'CONVERSATION_MESSAGE').map(payloadOf);

/** Stands in for Pendo's server-side endpoint: records calls, fails the first `failures` of them. */
export async function pendoStandIn(failures = 0, port = 0) {
  const calls: { headers: IncomingHttpHeaders; body: Record<string, any> }[] = [];
  let left = failures;
  const server: Server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    calls.push({ headers: req.headers, body: JSON.parse(text) });
    res.writeHead(left-- > 0 ? 503 : 200).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent-events`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * A gateway in upstream mode whose upstream bot is a stand-in that records the relayed Chat API
 * calls and answers 200; `close` stops both.
 */
export async function startRelayGateway(webhookSecret: string, exportApiKeys: string[] = []) {
  const upstream = await pendoStandIn();
  const gw = await startGateway({
    upstream: { url: upstream.url, apiKey: 'upstream-key', botId: 'bot-7', webhookSecret: Buffer.from(webhookSecret) },
    exportApiKeys,
  });
  return { gw, upstream, close: async () => { await gw.close(); await upstream.close(); } };
}

export interface UpstreamStandIn {
  url: string;
  received: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[];
  /** The status the next events are answered with. */
  answer(code: number): void;
  /** Runs before each event is answered (an agent that replies through the webhook at once). */
  beforeAnswer(hook: ((body: Record<string, unknown>) => Promise<void>) | null): void;
  close(): Promise<void>;
}

/** Stands in for the upstream bot's Chat API: records what it gets, answers as told. */
export async function upstreamStandIn(): Promise<UpstreamStandIn> {
  const received: UpstreamStandIn['received'] = [];
  let status = 200;
  let hook: ((body: Record<string, unknown>) => Promise<void>) | null = null;
  const server: Server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = JSON.parse(text) as Record<string, unknown>;
    received.push({ headers: req.headers, body });
    await hook?.(body);
    res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    received,
    answer: (code) => void (status = code),
    beforeAnswer: (next) => void (hook = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

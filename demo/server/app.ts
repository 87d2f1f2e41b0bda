// The gateway wired together: the Chat API, the SSE stream, the webhook, the export, analytics and
// tracking routes, behind the router (security headers, CORS, rate limits) and static files.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { analyticsStatus, handleAnalytics, handleImpression } from './analytics/analytics';
import type { Bot } from './agents/bot';
import { handleChatApi } from './chat/chat-api';
import { createDemoBot } from './agents/demo-bot';
import { createEventLog } from './events/event-log';
import { handleExport } from './export/export-api';
import { sendJson } from './http/errors';
import { createKeyGuard } from './auth/api-keys';
import type { Faults } from './testing/faults';
import { clientIp } from './http/headers';
import { type Routes, createRouter } from './http/router';
import { type KeyedQueue, createKeyedQueue } from './limits/keyed-queue';
import { DEFAULT_LIMITS, type Limits } from './limits/limits';
import type { Hub } from './events/hub';
import { createMemoryHub } from './events/memory-hub';
import { type Rate, type RateLimiter, createRateLimiter, takeOrThrow } from './limits/rate-limit';
import { type OpenStreams, handleSse } from './events/sse';
import type { Store } from './store/store';
import { DEFAULT_TOKEN_TTL_MS, createTokenSigner } from './auth/token';
import { type PendoForwarding, createTrackForwarder, handleTrackAgent } from './tracking/track-agent';
import { type UpstreamOptions, createUpstreamBot } from './agents/upstream-bot';
import { handleWebhook } from './agents/webhook';
import { createOpenAiAgent } from './agents/openai-agent';
import type { OpenAiConfig } from './config';
import { createIdleSweeper, sweepInterval } from './chat/idle-timeout';
import { DEFAULT_FILE_LIMITS, type FileLimits, handleDownload, handleUpload } from './files/files-api';
import { FILE_PATH, createFileUrls } from './files/file-urls';

export interface GatewayOptions {
  store: Store;
  tokenSecret: Buffer;
  /** How long a conversation token is accepted; Chat API requests renew it (24 h by default). */
  tokenTtlMs?: number;
  /** Serve the bundles' source maps (*.map); off by default, so the sources stay private. */
  serveSourceMaps?: boolean;
  distDir: string;
  botName?: string;
  /** The name the agent's messages carry, whichever agent answers (a webhook agent may name someone
   *  else). Unset: the demo bot's "Aria", else "Assistant". */
  agentName?: string;
  /** A conversation whose visitor is silent this long closes (reason Timeout); 0: never. 30 min by default. */
  sessionIdleMs?: number;
  /** Live events between SSE connections: in-process unless given (Redis for several instances). */
  hub?: Hub;
  /** Makes the rate limiters: in-process buckets unless given (Redis shares them between instances). */
  limiter?: (name: string, rate: Rate) => RateLimiter;
  /** Serialises each conversation's Chat API events: in process unless given (Redis locks them across instances). */
  queue?: KeyedQueue;
  clock?: () => number;
  pingMs?: number;
  demoBotTokenMs?: number;
  /** The gateway's public address, for absolute URLs to the demo's images. */
  publicUrl?: string;
  /** Upstream mode: relay to a real bot instead of the demo bot, and take its webhook calls. */
  upstream?: UpstreamOptions & { webhookSecret: Buffer; teamOnline?: () => boolean };
  /** An OpenAI-compatible model answers instead of the demo bot (not with `upstream`). */
  openai?: OpenAiConfig;
  limits?: Partial<Limits>;
  /** Uploads: size, types, per-conversation quota, how long file URLs work. */
  files?: Partial<FileLimits>;
  /** Owner keys (x-api-key) for the Export API and the analytics; none switches them off. */
  exportApiKeys?: readonly string[];
  /** The key was generated at start and printed (development, no EXPORT_API_KEYS). */
  exportApiKeyGenerated?: boolean;
  /** Server-side Pendo tracking: where to forward and with which secret. */
  pendo?: PendoForwarding;
  /** Export requests per endpoint per key: 3 per second by default (seed 004). */
  exportRate?: Rate;
  /** Test-only fault injection (testing/faults.ts); never set in production. */
  faults?: Faults | null;
}

export interface Gateway {
  server: Server;
  bot: Bot;
  /** Closes the conversations idle now (the timer does it on its own; tests call it with their clock). */
  sweepIdle(): Promise<string[]>;
  /** Ends open streams, stops the bot and the server; the store stays open for the caller. */
  close(): Promise<void>;
}

function rateLimited(limiter: RateLimiter, key: string, what: string): Promise<void> {
  return takeOrThrow(limiter, key, (seconds) => `Too many requests ${what}; retry in ${seconds} s.`);
}

export function createGateway(options: GatewayOptions): Gateway {
  const { store, distDir, botName = 'support-bot', clock = Date.now, pingMs = 15_000, upstream, sessionIdleMs = 30 * 60_000 } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const hub = options.hub ?? createMemoryHub({ maxBytes: limits.hubBytes, maxBytesPerConversation: limits.hubBytesPerConversation });
  const tokens = createTokenSigner(options.tokenSecret, { ttlMs: options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS, clock });
  const log = createEventLog({ store, hub, clock, botName });
  const chatQueue = options.queue ?? createKeyedQueue();
  const agentName = options.agentName ?? 'Assistant';
  const publicUrl = options.publicUrl ?? 'http://localhost:8787/';
  const fileLimits = { ...DEFAULT_FILE_LIMITS, ...options.files };
  const urls = createFileUrls(options.tokenSecret, { publicUrl, ttlMs: fileLimits.urlTtlMs, clock });
  if (upstream && options.openai) throw new Error('createGateway: give upstream or openai, not both: one agent answers.');
  const bot = upstream
    ? createUpstreamBot(upstream)
    : options.openai
      ? createOpenAiAgent({ config: options.openai, agentName, log, store, clock, urls })
      : createDemoBot({ log, store, tokenDelayMs: options.demoBotTokenMs ?? 35, clock, assetBase: publicUrl, ...(options.agentName && { name: options.agentName }) });
  // Whichever agent answers: the sweeper works on the store, not on the agent.
  const idle = createIdleSweeper({ store, log, botName, idleMs: sessionIdleMs, clock });
  if (sessionIdleMs > 0) idle.start(sweepInterval(sessionIdleMs));
  const streams: OpenStreams = { all: new Set(), byConversation: new Map(), byAddress: new Map() };
  const limiter = options.limiter ?? ((_name: string, rate: Rate) => createRateLimiter({ ...rate, clock }));
  const perIp = limiter('ip', limits.perIp);
  const perConversation = limiter('conversation', limits.perConversation);
  const apiKeys = (options.exportApiKeys ?? []).map((key) => Buffer.from(key));
  const forwarder = options.pendo ? createTrackForwarder(store, options.pendo, clock) : null;
  const keyGuard = createKeyGuard(limiter('api-key-failures', limits.apiKeyFailures), clock);
  const analyticsDeps = { store, clock, apiKeys, keyGuard };
  const trackDeps = { store, tokens, clock, pendo: options.pendo, kick: () => forwarder?.kick() };
  const exportDeps = {
    store, clock, apiKeys, keyGuard, urls,
    limiter: limiter('export', options.exportRate ?? { burst: 3, perMinute: 180 }),
  };

  const routes: Routes = {
    '/converse/chat': {
      method: 'POST',
      api: true,
      handle: (req, res) =>
        handleChatApi(req, res, {
          store, log, bot, tokens, urls, clock, botName,
          limit: (conversationId) => rateLimited(perConversation, conversationId, 'in this conversation'),
          queue: chatQueue,
        }),
    },
    '/eventrouter/v1/sse': {
      method: 'GET',
      api: true,
      handle: (req, res) => handleSse(req, res, {
        store, hub, log, tokens, urls, pingMs, streams, maxStreams: limits.maxStreams, maxStreamsPerConversation: limits.maxStreamsPerConversation,
        maxStreamsPerAddress: limits.maxStreamsPerAddress, address: clientIp(req, limits.trustProxyHops),
      }),
    },
    '/api/files': {
      method: 'POST',
      api: true,
      handle: (req, res) => handleUpload(req, res, {
        store, tokens, urls, limits: fileLimits, clock,
        limit: (conversationId) => rateLimited(perConversation, conversationId, 'in this conversation'),
      }),
    },
    // Not an API route: an <img> on any page, or the agent's server, opens it with the signed URL alone.
    [FILE_PATH]: { method: 'GET', api: false, handle: (req, res) => handleDownload(req, res, { store, urls }) },
    '/api/track-interaction': {
      method: 'POST',
      api: true,
      handle: (req, res) => handleImpression(req, res, analyticsDeps, clientIp(req, limits.trustProxyHops)),
    },
    '/api/track-agent': {
      method: 'POST',
      api: true,
      handle: (req, res) => handleTrackAgent(req, res, trackDeps, true),
    },
    // Reactions are the gateway's own data too (export tags, analytics), whatever the Pendo mode.
    '/api/reactions': { method: 'POST', api: true, handle: (req, res) => handleTrackAgent(req, res, trackDeps, false) },
    '/api/analytics': { method: 'GET', api: false, handle: (req, res) => handleAnalytics(req, res, analyticsDeps, clientIp(req, limits.trustProxyHops)) },
    '/api/analytics/status': { method: 'GET', api: false, handle: (_req, res) => sendJson(res, 200, analyticsStatus(apiKeys.length, options.exportApiKeyGenerated ?? false)) },
    '/conversations/export/v1/conversations': {
      method: 'GET', api: false, handle: (req, res) => handleExport(req, res, exportDeps, 'conversations', clientIp(req, limits.trustProxyHops)),
    },
    '/conversations/export/v1/messages': {
      method: 'GET', api: false, handle: (req, res) => handleExport(req, res, exportDeps, 'messages', clientIp(req, limits.trustProxyHops)),
    },
    ...(upstream && {
      '/converse-webhook': {
        method: 'POST' as const,
        api: false,
        handle: (req: IncomingMessage, res: ServerResponse) =>
          handleWebhook(req, res, {
            store, log, clock, secret: upstream.webhookSecret, agentName, teamOnline: upstream.teamOnline ?? (() => true),
          }),
      },
    }),
  };
  options.faults?.install(routes);

  const server = createServer(
    {
      // Node requires the headers' time to fit in the whole request's.
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for requests over those times.
      connectionsCheckingInterval: Math.max(100, Math.min(5000, limits.headersTimeoutMs / 4)),
    },
    createRouter({
      routes, distDir, serveSourceMaps: options.serveSourceMaps ?? false, allowedOrigins: limits.allowedOrigins, trustProxyHops: limits.trustProxyHops,
      limitClient: (ip) => rateLimited(perIp, ip, 'from this address'),
    }),
  );
  server.timeout = limits.idleTimeoutMs;

  return {
    server,
    bot,
    sweepIdle: () => (sessionIdleMs > 0 ? idle.sweep() : Promise.resolve([])),
    close() {
      idle.stop();
      bot.dispose();
      forwarder?.stop();
      for (const res of streams.all) res.end();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

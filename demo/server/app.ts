// The gateway: routes requests to the Chat API, the SSE stream and the static files.
import { type Server, type ServerResponse, createServer } from 'node:http';
import { handleChatApi } from './chat-api';
import type { Bot } from './bot';
import { createDemoBot } from './demo-bot';
import { createEventLog } from './event-log';
import { HttpError, applyCors, applySecurityHeaders, sendError } from './http';
import { type Hub, createMemoryHub } from './hub';
import { handleSse } from './sse';
import { serveStatic } from './static';
import type { Store } from './store';
import { createTokenSigner } from './token';
import { type UpstreamOptions, createUpstreamBot } from './upstream-bot';
import { handleWebhook } from './webhook';

export interface GatewayOptions {
  store: Store;
  tokenSecret: Buffer;
  distDir: string;
  botName?: string;
  hub?: Hub;
  clock?: () => number;
  pingMs?: number;
  demoBotTokenMs?: number;
  /** The gateway's public address, for absolute URLs to the demo's images. */
  publicUrl?: string;
  /** Upstream mode: relay to a real bot instead of the demo bot, and take its webhook calls. */
  upstream?: UpstreamOptions & { webhookSecret: Buffer; teamOnline?: () => boolean };
}

export interface Gateway {
  server: Server;
  bot: Bot;
  /** Ends open streams, stops the bot and the server; the store stays open for the caller. */
  close(): Promise<void>;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { store, distDir, botName = 'support-bot', clock = Date.now, pingMs = 15_000 } = options;
  const hub = options.hub ?? createMemoryHub();
  const tokens = createTokenSigner(options.tokenSecret);
  const log = createEventLog({ store, hub, clock, botName });
  const { upstream } = options;
  const bot = upstream
    ? createUpstreamBot(upstream)
    : createDemoBot({ log, tokenDelayMs: options.demoBotTokenMs ?? 35, clock, assetBase: options.publicUrl ?? 'http://localhost:8787/' });
  const open = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    applySecurityHeaders(res);
    applyCors(req, res);
    const { pathname } = new URL(req.url ?? '/', 'http://gateway');
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
      } else if (pathname === '/converse/chat') {
        if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST for /converse/chat.', { Allow: 'POST' });
        await handleChatApi(req, res, { store, log, bot, tokens, clock, botName });
      } else if (pathname === '/eventrouter/v1/sse') {
        if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'Use GET for /eventrouter/v1/sse.', { Allow: 'GET' });
        handleSse(req, res, { store, hub, log, tokens, pingMs, open });
      } else if (pathname === '/converse-webhook' && upstream) {
        if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST for /converse-webhook.', { Allow: 'POST' });
        await handleWebhook(req, res, { store, log, secret: upstream.webhookSecret, teamOnline: upstream.teamOnline ?? (() => true) });
      } else if (req.method === 'GET' || req.method === 'HEAD') {
        if (!(await serveStatic(req, res, distDir, pathname))) throw new HttpError(404, 'not_found', `Nothing at ${pathname}.`);
      } else {
        throw new HttpError(404, 'not_found', `Nothing at ${req.method} ${pathname}.`);
      }
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) return sendError(res, error);
      console.error('gateway: unexpected error', error);
      sendError(res, new HttpError(500, 'internal_error', 'The gateway failed to handle this request.'));
    }
  });

  return {
    server,
    bot,
    close() {
      bot.dispose();
      for (const res of open) res.end();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// Starts the gateway from environment variables; shuts down cleanly on SIGINT/SIGTERM.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_LIMITS, type Limits, createGateway } from './app';
import { type Faults, faultsFromEnv } from './testing/faults';
import { Redis } from 'ioredis';
import type { Hub } from './events/hub';
import { createPostgresStore } from './store/postgres/postgres-store';
import { createRedisHub } from './events/redis-hub';
import { createRedisKeyedQueue } from './limits/redis-keyed-queue';
import { createRedisRateLimiter } from './limits/redis-rate-limit';
import { createSqliteStore } from './store/sqlite/sqlite-store';
import type { Store } from './store/store';

const env = process.env;
const port = Number(env['PORT'] ?? 8787);
const dataDir = resolve(env['DATA_DIR'] ?? './data');
mkdirSync(dataDir, { recursive: true });

/** The token key: from the environment, else generated once and kept in the data directory. */
function tokenSecret(): Buffer {
  if (env['TOKEN_SECRET']) return Buffer.from(env['TOKEN_SECRET']);
  const file = join(dataDir, 'token-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim());
}

/** Upstream mode needs all four variables; a partial set is a mistake worth stopping for. */
function upstreamFromEnv() {
  const names = ['UPSTREAM_URL', 'UPSTREAM_API_KEY', 'UPSTREAM_BOT_ID', 'WEBHOOK_SECRET'] as const;
  const set = names.filter((name) => env[name]);
  if (set.length === 0) return undefined;
  if (set.length < names.length) {
    console.error(`Upstream mode needs ${names.join(', ')}; missing: ${names.filter((n) => !env[n]).join(', ')}.`);
    process.exit(1);
  }
  return {
    url: env['UPSTREAM_URL']!,
    apiKey: env['UPSTREAM_API_KEY']!,
    botId: env['UPSTREAM_BOT_ID']!,
    webhookSecret: Buffer.from(env['WEBHOOK_SECRET']!),
    teamOnline: () => env['TEAM_ONLINE'] !== 'false',
  };
}

const upstream = upstreamFromEnv();
let faults: Faults | null;
try {
  faults = faultsFromEnv(env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const perMinute = (name: string, fallback: { burst: number; perMinute: number }) => {
  const value = Number(env[name]);
  return value > 0 ? { burst: Math.max(1, Math.ceil(value / 5)), perMinute: value } : fallback;
};
const limits: Limits = {
  ...DEFAULT_LIMITS,
  perIp: perMinute('RATE_LIMIT_PER_IP', DEFAULT_LIMITS.perIp),
  perConversation: perMinute('RATE_LIMIT_PER_CONVERSATION', DEFAULT_LIMITS.perConversation),
  maxStreams: Number(env['MAX_SSE_CONNECTIONS']) || DEFAULT_LIMITS.maxStreams,
  maxStreamsPerConversation: Number(env['MAX_SSE_PER_CONVERSATION']) || DEFAULT_LIMITS.maxStreamsPerConversation,
  allowedOrigins: env['ALLOWED_ORIGINS'] && env['ALLOWED_ORIGINS'] !== '*' ? env['ALLOWED_ORIGINS'].split(',').map((o) => o.trim()) : '*',
  trustProxy: env['TRUST_PROXY'] === 'true',
};
/** PostgreSQL when DATABASE_URL names one (several instances share it), else SQLite in DATA_DIR. */
async function storeFromEnv(): Promise<Store> {
  const url = env['DATABASE_URL'];
  if (!url) return createSqliteStore(join(dataDir, 'agent-chat.db'));
  if (!/^postgres(ql)?:\/\//.test(url)) {
    console.error('DATABASE_URL must be a postgres:// URL (unset it for SQLite in DATA_DIR).');
    process.exit(1);
  }
  return createPostgresStore({ connectionString: url, poolSize: Number(env['DATABASE_POOL_SIZE']) || 10 });
}

const store = await storeFromEnv();
// Redis when REDIS_URL is set: live events and rate limits shared by every instance.
const redis = env['REDIS_URL'] ? new Redis(env['REDIS_URL']) : null;
const hub: Hub | null = redis && (await createRedisHub(redis));
const gateway = createGateway({
  store,
  tokenSecret: tokenSecret(),
  distDir: resolve(env['STATIC_DIR'] ?? './dist'),
  botName: env['BOT_NAME'] ?? 'support-bot',
  pingMs: Number(env['SSE_PING_MS'] ?? 15_000),
  demoBotTokenMs: Number(env['DEMO_BOT_TOKEN_MS'] ?? 35),
  publicUrl: env['PUBLIC_URL'] ?? `http://localhost:${port}/`,
  ...(upstream && { upstream }),
  limits,
  ...(env['PENDO_TRACK_URL'] && env['PENDO_SHARED_SECRET'] && { pendo: { url: env['PENDO_TRACK_URL'], secret: env['PENDO_SHARED_SECRET'] } }),
  faults,
  ...(redis && hub && {
    hub,
    limiter: (name: string, rate: { burst: number; perMinute: number }) => createRedisRateLimiter(redis, name, rate, Date.now),
    queue: createRedisKeyedQueue(redis),
  }),
  exportApiKeys: (env['EXPORT_API_KEYS'] ?? '').split(',').map((key) => key.trim()).filter(Boolean),
});

gateway.server.listen(port, () =>
  console.log(`agent-chat gateway listening on http://localhost:${port}/${upstream ? ` (relaying to ${upstream.url})` : ''}`),
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  await gateway.close();
  await hub?.close();
  await redis?.quit();
  await store.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

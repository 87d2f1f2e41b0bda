// Starts the gateway from its configuration (config.ts) and shuts it down cleanly on SIGINT/SIGTERM.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createGateway } from './app';
import { ConfigError, type GatewayConfig, describeConfig, parseConfig } from './config';
import { createRedisHub } from './events/redis-hub';
import { createRedisKeyedQueue } from './limits/redis-keyed-queue';
import { createRedisRateLimiter } from './limits/redis-rate-limit';
import { createPostgresStore } from './store/postgres/postgres-store';
import { createSqliteStore } from './store/sqlite/sqlite-store';
import type { Store } from './store/store';

let config: GatewayConfig;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`agent-chat gateway: ${error.message}`);
  process.exit(1);
}
console.log(`agent-chat gateway configuration:\n${describeConfig(config)}`);
mkdirSync(config.dataDir, { recursive: true });

/** The token key: from the configuration, else generated once and kept in the data directory. */
function tokenSecret(): Buffer {
  if (config.tokenSecret) return Buffer.from(config.tokenSecret);
  const file = join(config.dataDir, 'token-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim());
}

/** PostgreSQL when DATABASE_URL names one (several instances share it), else SQLite in DATA_DIR. */
const store: Store = config.databaseUrl
  ? await createPostgresStore({ connectionString: config.databaseUrl, poolSize: config.databasePoolSize })
  : await createSqliteStore(join(config.dataDir, 'agent-chat.db'));
// Redis when REDIS_URL is set: live events and rate limits shared by every instance.
const redis = config.redisUrl ? new Redis(config.redisUrl) : null;
const hub = redis && (await createRedisHub(redis));
if (config.faults) console.warn('gateway: FAULT INJECTION IS ON (GATEWAY_FAULTS=1): POST /__faults can break this gateway. Tests only.');
const { upstream, pendo } = config;
const gateway = createGateway({
  store,
  tokenSecret: tokenSecret(),
  tokenTtlMs: config.tokenTtlHours * 3_600_000,
  serveSourceMaps: config.serveSourceMaps,
  distDir: config.staticDir,
  botName: config.botName,
  pingMs: config.pingMs,
  demoBotTokenMs: config.demoBotTokenMs,
  publicUrl: config.publicUrl,
  ...(upstream && {
    upstream: { url: upstream.url, apiKey: upstream.apiKey, botId: upstream.botId, webhookSecret: Buffer.from(upstream.webhookSecret), teamOnline: () => upstream.teamOnline },
  }),
  limits: config.limits,
  ...(pendo && { pendo }),
  // Loaded only when switched on: a production gateway never loads test code.
  faults: config.faults ? (await import('./testing/faults')).createFaults() : null,
  ...(redis && hub && {
    hub,
    limiter: (name: string, rate: { burst: number; perMinute: number }) => createRedisRateLimiter(redis, name, rate, Date.now),
    queue: createRedisKeyedQueue(redis),
  }),
  exportApiKeys: config.exportApiKeys,
});

gateway.server.listen(config.port, () =>
  console.log(`agent-chat gateway listening on http://localhost:${config.port}/${upstream ? ` (relaying to ${upstream.url})` : ''}`),
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

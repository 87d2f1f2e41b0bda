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

/** A random secret generated once and kept in the data directory, so that restarts keep it. */
function keptSecret(name: string): string {
  const file = join(config.dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** The token key: from the configuration, else generated once. */
const tokenSecret = () => Buffer.from(config.tokenSecret ?? keptSecret('token-secret'));

/** The owner keys of the export and the analytics: the configured ones, else (in development) one generated and printed. */
function exportApiKeys(): string[] {
  if (!config.generateExportApiKey) return config.exportApiKeys;
  const key = keptSecret('export-api-key');
  console.log(
    `agent-chat gateway: EXPORT_API_KEYS is unset, so this development gateway made an owner key for the analytics and the export:\n` +
      `  ${key}\n  (kept in ${join(config.dataDir, 'export-api-key')}; open http://localhost:${config.port}/analytics.html and enter it; ` +
      'set EXPORT_API_KEYS to choose your own; with NODE_ENV=production none is made)',
  );
  return [key];
}

/** PostgreSQL when DATABASE_URL names one (several instances share it), else SQLite in DATA_DIR. */
const store: Store = config.databaseUrl
  ? await createPostgresStore({ connectionString: config.databaseUrl, poolSize: config.databasePoolSize })
  : await createSqliteStore(join(config.dataDir, 'agent-chat.db'));
// Redis when REDIS_URL is set: live events and rate limits shared by every instance.
const redis = config.redisUrl ? new Redis(config.redisUrl) : null;
const hub = redis && (await createRedisHub(redis));
if (config.faults) console.warn('gateway: FAULT INJECTION IS ON (GATEWAY_FAULTS=1): POST /__faults can break this gateway. Tests only.');
const { upstream, openai, pendo } = config;
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
  ...(config.agentName && { agentName: config.agentName }),
  sessionIdleMs: config.sessionIdleMinutes * 60_000,
  ...(upstream && {
    upstream: { url: upstream.url, apiKey: upstream.apiKey, botId: upstream.botId, webhookSecret: Buffer.from(upstream.webhookSecret), teamOnline: () => upstream.teamOnline },
  }),
  ...(openai && { openai }),
  limits: config.limits,
  files: config.files,
  ...(pendo && { pendo }),
  // Loaded only when switched on: a production gateway never loads test code.
  faults: config.faults ? (await import('./testing/faults')).createFaults() : null,
  ...(redis && hub && {
    hub,
    limiter: (name: string, rate: { burst: number; perMinute: number }) => createRedisRateLimiter(redis, name, rate, Date.now),
    queue: createRedisKeyedQueue(redis),
  }),
  exportApiKeys: exportApiKeys(),
  exportApiKeyGenerated: config.generateExportApiKey,
});

gateway.server.listen(config.port, () =>
  console.log(`agent-chat gateway listening on http://localhost:${config.port}/${upstream ? ` (relaying to ${upstream.url})` : openai ? ` (answering with ${openai.model} at ${openai.baseUrl})` : ''}`),
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

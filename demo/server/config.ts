// The gateway's configuration: every environment variable is read here, once, and checked. A value
// that cannot be used stops the gateway with one line naming the variable, rather than falling
// back to a default nobody asked for. An empty variable counts as unset.
import { resolve } from 'node:path';
import { DEFAULT_LIMITS, type Limits } from './limits/limits';
import type { Rate } from './limits/rate-limit';
import { DEFAULT_FILE_LIMITS, type FileLimits } from './files/files-api';
import { FILE_TYPES, type FileType } from './files/sniff';

export type Env = Readonly<Record<string, string | undefined>>;

export interface UpstreamConfig {
  url: string;
  apiKey: string;
  botId: string;
  webhookSecret: string;
  teamOnline: boolean;
}

/** An OpenAI-compatible Chat Completions endpoint answers the visitor (PROTOCOL §3). */
export interface OpenAiConfig {
  /** Requests go to {baseUrl}/chat/completions. */
  baseUrl: string;
  model: string;
  /** Null: no Authorization header (a local server). */
  apiKey: string | null;
  /** The system message; empty: none. */
  instructions: string;
  /** The most recent messages sent as history, and their most characters in all. */
  historyMessages: number;
  historyChars: number;
  /** The longest wait for the answer's first byte, and between two of its chunks. */
  timeoutMs: number;
}

export interface GatewayConfig {
  port: number;
  /** Absolute. */
  dataDir: string;
  /** Null: generated once and kept in the data directory. */
  tokenSecret: string | null;
  /** How long a conversation token is accepted; Chat API requests renew it. */
  tokenTtlHours: number;
  /** Serve the bundles' source maps. */
  serveSourceMaps: boolean;
  botName: string;
  pingMs: number;
  demoBotTokenMs: number;
  publicUrl: string;
  /** Absolute. */
  staticDir: string;
  limits: Limits;
  /** Visitors' uploads: the largest file, the kinds accepted, each conversation's quota, how long file URLs work. */
  files: FileLimits;
  /** Null: SQLite in the data directory. */
  databaseUrl: string | null;
  databasePoolSize: number;
  /** Null: live events and rate limits stay in this process. */
  redisUrl: string | null;
  /** Null: the demo bot answers (unless an OpenAI-compatible agent does). */
  upstream: UpstreamConfig | null;
  /** Null: the demo bot answers (unless the upstream bot does). */
  openai: OpenAiConfig | null;
  /** Who the visitor sees answering, whichever agent it is. Null: the agent's own name (the demo
   *  bot's "Aria"; "Assistant" for a webhook or OpenAI-compatible agent). */
  agentName: string | null;
  /** Minutes without a visitor message before a conversation closes (reason Timeout); 0: never. */
  sessionIdleMinutes: number;
  /** Null: server-side tracking is off. */
  pendo: { url: string; secret: string } | null;
  exportApiKeys: string[];
  /** No EXPORT_API_KEYS outside production: one key is generated into the data directory and printed. */
  generateExportApiKey: boolean;
  /** Test-only fault injection (POST /__faults). */
  faults: boolean;
}

const OPENAI_DEFAULTS = { historyMessages: 20, historyChars: 16_000, timeoutMs: 30_000 };

/** A value the gateway cannot start with; the message is one line and starts with the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const quoted = (value: string) => JSON.stringify(value);

function reader(env: Env) {
  const raw = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const bad = (name: string, expected: string) => new ConfigError(`${name} must be ${expected}; got ${quoted(raw(name)!)}.`);
  return {
    raw,
    text: (name: string, fallback: string) => raw(name) ?? fallback,
    /** A whole number in [min, max]. */
    integer(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
      const value = raw(name);
      if (value === undefined) return fallback;
      const number = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!(number >= min && number <= max)) {
        throw bad(name, max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`);
      }
      return number;
    },
    /** A number in [min, max], fractions allowed. */
    decimal(name: string, fallback: number, min: number, max: number): number {
      const value = raw(name);
      if (value === undefined) return fallback;
      const number = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
      if (!(number >= min && number <= max)) throw bad(name, `a number from ${min} to ${max} (fractions allowed)`);
      return number;
    },
    boolean(name: string, fallback: boolean): boolean {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (value !== 'true' && value !== 'false') throw bad(name, 'true or false');
      return value === 'true';
    },
    url(name: string, schemes: readonly string[]): string | undefined {
      const value = raw(name);
      if (value === undefined) return undefined;
      let url: URL | null = null;
      try {
        url = new URL(value);
      } catch {
        // reported below
      }
      if (!url || !schemes.includes(url.protocol.slice(0, -1))) throw bad(name, `a ${schemes.map((s) => `${s}://`).join(' or ')} URL`);
      return value;
    },
    list: (name: string) => (raw(name) ?? '').split(',').map((item) => item.trim()).filter(Boolean),
  };
}

/** Variables that only work together: all set, or none. Returns their values, or null for none. */
function allOrNone<const N extends readonly string[]>(read: ReturnType<typeof reader>, names: N, what: string): Record<N[number], string> | null {
  const missing = names.filter((name) => read.raw(name) === undefined);
  if (missing.length === names.length) return null;
  if (missing.length > 0) {
    const set = names.filter((name) => !missing.includes(name));
    throw new ConfigError(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: ${what} needs ${names.join(', ')} together (${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set).`);
  }
  return Object.fromEntries(names.map((name) => [name, read.raw(name)!])) as Record<N[number], string>;
}

/** A per-minute rate: bursts of a fifth of it. */
function perMinute(read: ReturnType<typeof reader>, name: string, fallback: Rate): Rate {
  if (read.raw(name) === undefined) return fallback;
  const value = read.integer(name, fallback.perMinute, 1);
  return { burst: Math.max(1, Math.ceil(value / 5)), perMinute: value };
}

/** Wrong owner keys per minute per address, all of them allowed at once. */
function apiKeyFailures(read: ReturnType<typeof reader>): Rate {
  const value = read.integer('API_KEY_FAILURES_PER_MINUTE', DEFAULT_LIMITS.apiKeyFailures.perMinute, 1);
  return { burst: value, perMinute: value };
}

function allowedOrigins(read: ReturnType<typeof reader>): Limits['allowedOrigins'] {
  const value = read.raw('ALLOWED_ORIGINS');
  if (value === undefined || value.trim() === '*') return '*';
  const origins = read.list('ALLOWED_ORIGINS');
  for (const origin of origins) {
    let parsed: string | null = null;
    try {
      parsed = new URL(origin).origin;
    } catch {
      // reported below
    }
    if (parsed !== origin) throw new ConfigError(`ALLOWED_ORIGINS must be * or comma-separated origins such as https://shop.example; ${quoted(origin)} is not an origin.`);
  }
  return origins;
}

/** In production a secret must be long enough not to be guessed. */
export const MIN_SECRET_BYTES = 32;

/** With NODE_ENV=production, refuses every secret shorter than MIN_SECRET_BYTES, naming them all. */
function refuseWeakSecrets(read: ReturnType<typeof reader>): void {
  if (read.raw('NODE_ENV') !== 'production') return;
  const short = (value: string | undefined) => value !== undefined && Buffer.byteLength(value) < MIN_SECRET_BYTES;
  const weak = [
    ...(['TOKEN_SECRET', 'WEBHOOK_SECRET'] as const).filter((name) => short(read.raw(name))),
    ...read.list('EXPORT_API_KEYS').flatMap((key, i) => (short(key) ? [`EXPORT_API_KEYS (key ${i + 1})`] : [])),
  ];
  if (weak.length) {
    throw new ConfigError(`${weak.join(', ')} must be at least ${MIN_SECRET_BYTES} bytes with NODE_ENV=production; generate one with: openssl rand -hex 32`);
  }
}

/** Header, whole-request and idle times, ms; the headers' time fits in the whole request's. */
function httpTimeouts(read: ReturnType<typeof reader>): Pick<Limits, 'headersTimeoutMs' | 'requestTimeoutMs' | 'idleTimeoutMs'> {
  const headersTimeoutMs = read.integer('HTTP_HEADERS_TIMEOUT_MS', DEFAULT_LIMITS.headersTimeoutMs, 1);
  const requestTimeoutMs = read.integer('HTTP_REQUEST_TIMEOUT_MS', DEFAULT_LIMITS.requestTimeoutMs, 1);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(`HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs}): the headers are part of the request.`);
  }
  return { headersTimeoutMs, requestTimeoutMs, idleTimeoutMs: read.integer('HTTP_IDLE_TIMEOUT_MS', DEFAULT_LIMITS.idleTimeoutMs, 1) };
}

/** Trusted proxy hops: TRUST_PROXY_HOPS, or TRUST_PROXY=true as the older spelling of one hop. */
function trustProxyHops(read: ReturnType<typeof reader>): number {
  if (read.raw('TRUST_PROXY_HOPS') !== undefined && read.raw('TRUST_PROXY') !== undefined) {
    throw new ConfigError('TRUST_PROXY_HOPS and TRUST_PROXY are both set; set only TRUST_PROXY_HOPS (TRUST_PROXY=true means TRUST_PROXY_HOPS=1).');
  }
  const hops = read.integer('TRUST_PROXY_HOPS', DEFAULT_LIMITS.trustProxyHops, 0, 10);
  return read.boolean('TRUST_PROXY', false) ? 1 : hops;
}

/** FILE_TYPES: a comma-separated subset of the kinds the gateway can tell by their bytes. */
function fileTypes(read: ReturnType<typeof reader>): readonly FileType[] {
  if (read.raw('FILE_TYPES') === undefined) return DEFAULT_FILE_LIMITS.types;
  const types = read.list('FILE_TYPES').map((type) => type.toLowerCase());
  const unknown = types.filter((type) => !(FILE_TYPES as readonly string[]).includes(type));
  if (!types.length || unknown.length) {
    throw new ConfigError(`FILE_TYPES must be a comma-separated list of ${FILE_TYPES.join(', ')}; got ${quoted(read.raw('FILE_TYPES')!)}.`);
  }
  return types as FileType[];
}

function fileLimits(read: ReturnType<typeof reader>): FileLimits {
  const { maxBytes, perConversation, urlTtlMs } = DEFAULT_FILE_LIMITS;
  return {
    maxBytes: read.integer('FILE_MAX_BYTES', maxBytes, 1, 1024 ** 3),
    perConversation: {
      files: read.integer('FILES_PER_CONVERSATION', perConversation.files, 0),
      bytes: read.integer('FILE_BYTES_PER_CONVERSATION', perConversation.bytes, 0),
    },
    types: fileTypes(read),
    urlTtlMs: read.integer('FILE_URL_TTL_MINUTES', urlTtlMs / 60_000, 1, 525_600) * 60_000,
  };
}

/** Reads and checks every variable; throws a ConfigError on the first one that cannot be used. */
export function parseConfig(env: Env, cwd = process.cwd()): GatewayConfig {
  const read = reader(env);
  const port = read.integer('PORT', 8787, 0, 65_535);
  const databaseUrl = read.url('DATABASE_URL', ['postgres', 'postgresql']) ?? null;
  const upstream = allOrNone(read, ['UPSTREAM_URL', 'UPSTREAM_API_KEY', 'UPSTREAM_BOT_ID', 'WEBHOOK_SECRET'], 'upstream mode');
  const openai = allOrNone(read, ['OPENAI_BASE_URL', 'OPENAI_MODEL'], 'an OpenAI-compatible agent');
  if (upstream && openai) throw new ConfigError('UPSTREAM_URL and OPENAI_BASE_URL are both set: the gateway answers through one agent; unset one of them.');
  // Checked even while unused, so that a bad value is found before the agent is switched on.
  const agent = {
    apiKey: read.raw('OPENAI_API_KEY') ?? null,
    instructions: read.text('AGENT_INSTRUCTIONS', ''),
    historyMessages: read.integer('AGENT_HISTORY_MESSAGES', OPENAI_DEFAULTS.historyMessages, 1, 1000),
    historyChars: read.integer('AGENT_HISTORY_CHARS', OPENAI_DEFAULTS.historyChars, 1),
    timeoutMs: read.integer('OPENAI_TIMEOUT_MS', OPENAI_DEFAULTS.timeoutMs, 1),
  };
  const pendo = allOrNone(read, ['PENDO_TRACK_URL', 'PENDO_SHARED_SECRET'], 'server-side Pendo tracking');
  const teamOnline = read.boolean('TEAM_ONLINE', true);
  const exportApiKeys = read.list('EXPORT_API_KEYS');
  const agentName = read.raw('AGENT_NAME')?.trim();
  if (agentName !== undefined && (agentName === '' || agentName.length > 100)) {
    throw new ConfigError(`AGENT_NAME must be a name of 1 to 100 characters; got ${quoted(read.raw('AGENT_NAME')!)}.`);
  }
  const faults = read.integer('GATEWAY_FAULTS', 0, 0, 1) === 1;
  if (faults && read.raw('NODE_ENV') === 'production') {
    throw new ConfigError('GATEWAY_FAULTS=1 is for tests only and cannot be used with NODE_ENV=production; unset one of them.');
  }
  refuseWeakSecrets(read);
  return {
    port,
    dataDir: resolve(cwd, read.text('DATA_DIR', './data')),
    tokenSecret: read.raw('TOKEN_SECRET') ?? null,
    tokenTtlHours: read.integer('TOKEN_TTL_HOURS', 24, 1),
    serveSourceMaps: read.boolean('SERVE_SOURCE_MAPS', false),
    botName: read.text('BOT_NAME', 'support-bot'),
    pingMs: read.integer('SSE_PING_MS', 15_000, 1),
    demoBotTokenMs: read.integer('DEMO_BOT_TOKEN_MS', 35, 0),
    publicUrl: read.url('PUBLIC_URL', ['http', 'https']) ?? `http://localhost:${port}/`,
    staticDir: resolve(cwd, read.text('STATIC_DIR', './dist')),
    limits: {
      perIp: perMinute(read, 'RATE_LIMIT_PER_IP', DEFAULT_LIMITS.perIp),
      perConversation: perMinute(read, 'RATE_LIMIT_PER_CONVERSATION', DEFAULT_LIMITS.perConversation),
      apiKeyFailures: apiKeyFailures(read),
      maxStreams: read.integer('MAX_SSE_CONNECTIONS', DEFAULT_LIMITS.maxStreams, 1),
      maxStreamsPerConversation: read.integer('MAX_SSE_PER_CONVERSATION', DEFAULT_LIMITS.maxStreamsPerConversation, 1),
      maxStreamsPerAddress: read.integer('MAX_SSE_PER_ADDRESS', DEFAULT_LIMITS.maxStreamsPerAddress, 1),
      ...httpTimeouts(read),
      hubBytes: read.integer('HUB_BUFFER_BYTES', DEFAULT_LIMITS.hubBytes, 0),
      hubBytesPerConversation: read.integer('HUB_BUFFER_BYTES_PER_CONVERSATION', DEFAULT_LIMITS.hubBytesPerConversation, 0),
      allowedOrigins: allowedOrigins(read),
      trustProxyHops: trustProxyHops(read),
    },
    files: fileLimits(read),
    databaseUrl,
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', 10, 1),
    redisUrl: read.url('REDIS_URL', ['redis', 'rediss']) ?? null,
    upstream: upstream && {
      url: read.url('UPSTREAM_URL', ['http', 'https'])!,
      apiKey: upstream.UPSTREAM_API_KEY,
      botId: upstream.UPSTREAM_BOT_ID,
      webhookSecret: upstream.WEBHOOK_SECRET,
      teamOnline,
    },
    openai: openai && { baseUrl: read.url('OPENAI_BASE_URL', ['http', 'https'])!, model: openai.OPENAI_MODEL, ...agent },
    agentName: agentName ?? null,
    sessionIdleMinutes: read.decimal('SESSION_IDLE_MINUTES', 30, 0, 525_600),
    pendo: pendo && { url: read.url('PENDO_TRACK_URL', ['http', 'https'])!, secret: pendo.PENDO_SHARED_SECRET },
    exportApiKeys,
    generateExportApiKey: exportApiKeys.length === 0 && read.raw('NODE_ENV') !== 'production',
    faults,
  };
}

/** A URL with its password (if any) hidden. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** The effective configuration, one `NAME=value` per line; secrets show only whether they are set. */
export function describeConfig(config: GatewayConfig): string {
  const { limits } = config;
  const secret = (value: string | null | undefined) => (value ? '(set)' : '(unset)');
  const entries: [string, string | number | boolean][] = [
    ['PORT', config.port],
    ['DATA_DIR', config.dataDir],
    ['TOKEN_SECRET', config.tokenSecret ? '(set)' : '(generated, in DATA_DIR)'],
    ['TOKEN_TTL_HOURS', config.tokenTtlHours],
    ['BOT_NAME', config.botName],
    ['SSE_PING_MS', config.pingMs],
    ['DEMO_BOT_TOKEN_MS', config.demoBotTokenMs],
    ['PUBLIC_URL', config.publicUrl],
    ['STATIC_DIR', config.staticDir],
    ['SERVE_SOURCE_MAPS', config.serveSourceMaps],
    ['ALLOWED_ORIGINS', limits.allowedOrigins === '*' ? '*' : limits.allowedOrigins.join(',')],
    ['RATE_LIMIT_PER_IP', limits.perIp.perMinute],
    ['RATE_LIMIT_PER_CONVERSATION', limits.perConversation.perMinute],
    ['API_KEY_FAILURES_PER_MINUTE', limits.apiKeyFailures.perMinute],
    ['MAX_SSE_CONNECTIONS', limits.maxStreams],
    ['MAX_SSE_PER_CONVERSATION', limits.maxStreamsPerConversation],
    ['MAX_SSE_PER_ADDRESS', limits.maxStreamsPerAddress],
    ['HTTP_HEADERS_TIMEOUT_MS', limits.headersTimeoutMs],
    ['HTTP_REQUEST_TIMEOUT_MS', limits.requestTimeoutMs],
    ['HTTP_IDLE_TIMEOUT_MS', limits.idleTimeoutMs],
    ['HUB_BUFFER_BYTES', limits.hubBytes],
    ['HUB_BUFFER_BYTES_PER_CONVERSATION', limits.hubBytesPerConversation],
    ['TRUST_PROXY_HOPS', limits.trustProxyHops],
    ['TRUST_PROXY', '(read as TRUST_PROXY_HOPS)'],
    ['FILE_MAX_BYTES', config.files.maxBytes],
    ['FILE_TYPES', config.files.types.join(',')],
    ['FILES_PER_CONVERSATION', config.files.perConversation.files],
    ['FILE_BYTES_PER_CONVERSATION', config.files.perConversation.bytes],
    ['FILE_URL_TTL_MINUTES', config.files.urlTtlMs / 60_000],
    ['DATABASE_URL', config.databaseUrl ? withoutPassword(config.databaseUrl) : '(unset: SQLite in DATA_DIR)'],
    ['DATABASE_POOL_SIZE', config.databasePoolSize],
    ['REDIS_URL', config.redisUrl ? withoutPassword(config.redisUrl) : '(unset: in-process)'],
    ['UPSTREAM_URL', config.upstream?.url ?? '(unset: demo bot)'],
    ['UPSTREAM_API_KEY', secret(config.upstream?.apiKey)],
    ['UPSTREAM_BOT_ID', config.upstream?.botId ?? '(unset)'],
    ['WEBHOOK_SECRET', secret(config.upstream?.webhookSecret)],
    ['TEAM_ONLINE', config.upstream?.teamOnline ?? true],
    ['OPENAI_BASE_URL', config.openai?.baseUrl ?? '(unset: demo bot)'],
    ['OPENAI_MODEL', config.openai?.model ?? '(unset)'],
    ['OPENAI_API_KEY', secret(config.openai?.apiKey)],
    ['AGENT_INSTRUCTIONS', config.openai?.instructions ? `(${config.openai.instructions.length} characters)` : '(unset)'],
    ['AGENT_HISTORY_MESSAGES', config.openai?.historyMessages ?? OPENAI_DEFAULTS.historyMessages],
    ['AGENT_HISTORY_CHARS', config.openai?.historyChars ?? OPENAI_DEFAULTS.historyChars],
    ['OPENAI_TIMEOUT_MS', config.openai?.timeoutMs ?? OPENAI_DEFAULTS.timeoutMs],
    ['AGENT_NAME', config.agentName ?? '(unset: the agent\'s own name)'],
    ['SESSION_IDLE_MINUTES', config.sessionIdleMinutes],
    ['PENDO_TRACK_URL', config.pendo?.url ?? '(unset: server-side tracking off)'],
    ['PENDO_SHARED_SECRET', secret(config.pendo?.secret)],
    ['EXPORT_API_KEYS', config.exportApiKeys.length ? `(${config.exportApiKeys.length} set)`
      : config.generateExportApiKey ? '(unset: one development key, generated into DATA_DIR)' : '(unset: export and analytics off)'],
    ['GATEWAY_FAULTS', config.faults ? 1 : 0],
  ];
  return entries.map(([name, value]) => `  ${name}=${value}`).join('\n');
}

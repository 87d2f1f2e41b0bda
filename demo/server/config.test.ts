import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, type Env, describeConfig, parseConfig } from './config';

const UPSTREAM = { UPSTREAM_URL: 'https://bot.example/api', UPSTREAM_API_KEY: 'upstream-key', UPSTREAM_BOT_ID: 'bot-1', WEBHOOK_SECRET: 'hook-secret' };
const OPENAI = { OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_MODEL: 'llama3.1:8b' };
const PENDO = { PENDO_TRACK_URL: 'https://data.pendo.io/data/track', PENDO_SHARED_SECRET: 'pendo-secret' };

/** The one-line message parseConfig refuses `env` with. */
function refusal(env: Env): string {
  try {
    parseConfig(env, '/srv');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('parseConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(parseConfig({}, '/srv')).toEqual({
      port: 8787,
      dataDir: '/srv/data',
      tokenSecret: null,
      tokenTtlHours: 24,
      serveSourceMaps: false,
      botName: 'support-bot',
      pingMs: 15_000,
      demoBotTokenMs: 35,
      publicUrl: 'http://localhost:8787/',
      staticDir: '/srv/dist',
      limits: {
        perIp: { burst: 60, perMinute: 300 },
        perConversation: { burst: 20, perMinute: 60 },
        apiKeyFailures: { burst: 10, perMinute: 10 },
        maxStreams: 20_000,
        maxStreamsPerConversation: 10,
        maxStreamsPerAddress: 200,
        headersTimeoutMs: 20_000,
        requestTimeoutMs: 30_000,
        idleTimeoutMs: 30_000,
        hubBytes: 16 * 1024 * 1024,
        hubBytesPerConversation: 256 * 1024,
        allowedOrigins: '*',
        trustProxyHops: 0,
      },
      files: {
        maxBytes: 10 * 1024 * 1024,
        perConversation: { files: 20, bytes: 50 * 1024 * 1024 },
        types: ['png', 'jpeg', 'webp', 'gif', 'pdf', 'csv', 'txt'],
        urlTtlMs: 60 * 60_000,
      },
      databaseUrl: null,
      databasePoolSize: 10,
      redisUrl: null,
      upstream: null,
      openai: null,
      agentName: null,
      sessionIdleMinutes: 30,
      pendo: null,
      exportApiKeys: [],
      generateExportApiKey: true,
      faults: false,
    });
  });

  it('generates an owner key only when none is given outside production', () => {
    expect(parseConfig({ EXPORT_API_KEYS: 'k1' }).generateExportApiKey).toBe(false);
    expect(parseConfig({ NODE_ENV: 'production' }).generateExportApiKey).toBe(false);
    expect(parseConfig({ NODE_ENV: 'development' }).generateExportApiKey).toBe(true);
    expect(describeConfig(parseConfig({}))).toContain('  EXPORT_API_KEYS=(unset: one development key, generated into DATA_DIR)');
    expect(describeConfig(parseConfig({ NODE_ENV: 'production' }))).toContain('  EXPORT_API_KEYS=(unset: export and analytics off)');
  });

  it('reads every variable it is given', () => {
    const config = parseConfig({
      PORT: '9000', DATA_DIR: 'var/chat', TOKEN_SECRET: 's3cret', TOKEN_TTL_HOURS: '2', SERVE_SOURCE_MAPS: 'true', API_KEY_FAILURES_PER_MINUTE: '3', BOT_NAME: 'shop-bot', SSE_PING_MS: '5000', DEMO_BOT_TOKEN_MS: '0',
      PUBLIC_URL: 'https://chat.example/', STATIC_DIR: '/opt/dist', ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443',
      RATE_LIMIT_PER_IP: '120', RATE_LIMIT_PER_CONVERSATION: '30', MAX_SSE_CONNECTIONS: '500', MAX_SSE_PER_CONVERSATION: '3', TRUST_PROXY: 'true',
      MAX_SSE_PER_ADDRESS: '50', HTTP_HEADERS_TIMEOUT_MS: '10000', HTTP_REQUEST_TIMEOUT_MS: '15000', HTTP_IDLE_TIMEOUT_MS: '60000',
      HUB_BUFFER_BYTES: '1000000', HUB_BUFFER_BYTES_PER_CONVERSATION: '65536',
      FILE_MAX_BYTES: '2000000', FILE_TYPES: 'PNG, csv', FILES_PER_CONVERSATION: '3', FILE_BYTES_PER_CONVERSATION: '5000000', FILE_URL_TTL_MINUTES: '15',
      DATABASE_URL: 'postgresql://chat:pw@db:5432/chat', DATABASE_POOL_SIZE: '4', REDIS_URL: 'redis://cache:6379',
      ...UPSTREAM, TEAM_ONLINE: 'false', AGENT_NAME: 'Shop assistant', SESSION_IDLE_MINUTES: '0.05', ...PENDO, EXPORT_API_KEYS: ' k1 ,k2,, ', GATEWAY_FAULTS: '1', NODE_ENV: 'test',
    }, '/srv');
    expect(config).toEqual({
      port: 9000,
      dataDir: '/srv/var/chat',
      tokenSecret: 's3cret',
      tokenTtlHours: 2,
      serveSourceMaps: true,
      botName: 'shop-bot',
      pingMs: 5000,
      demoBotTokenMs: 0,
      publicUrl: 'https://chat.example/',
      staticDir: '/opt/dist',
      limits: {
        perIp: { burst: 24, perMinute: 120 },
        perConversation: { burst: 6, perMinute: 30 },
        apiKeyFailures: { burst: 3, perMinute: 3 },
        maxStreams: 500,
        maxStreamsPerConversation: 3,
        maxStreamsPerAddress: 50,
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 15_000,
        idleTimeoutMs: 60_000,
        hubBytes: 1_000_000,
        hubBytesPerConversation: 65_536,
        allowedOrigins: ['https://a.example', 'https://b.example:8443'],
        trustProxyHops: 1,
      },
      files: { maxBytes: 2_000_000, perConversation: { files: 3, bytes: 5_000_000 }, types: ['png', 'csv'], urlTtlMs: 15 * 60_000 },
      databaseUrl: 'postgresql://chat:pw@db:5432/chat',
      databasePoolSize: 4,
      redisUrl: 'redis://cache:6379',
      upstream: { url: 'https://bot.example/api', apiKey: 'upstream-key', botId: 'bot-1', webhookSecret: 'hook-secret', teamOnline: false },
      openai: null,
      agentName: 'Shop assistant',
      sessionIdleMinutes: 0.05,
      pendo: { url: 'https://data.pendo.io/data/track', secret: 'pendo-secret' },
      exportApiKeys: ['k1', 'k2'],
      generateExportApiKey: false,
      faults: true,
    });
  });

  it('reads an OpenAI-compatible agent, with defaults for what is not given', () => {
    const plain = parseConfig(OPENAI, '/srv');
    expect(plain.openai).toEqual({
      baseUrl: 'http://localhost:11434/v1', model: 'llama3.1:8b', apiKey: null, instructions: '',
      historyMessages: 20, historyChars: 16_000, timeoutMs: 30_000,
    });
    expect(plain.agentName).toBeNull();
    const full = parseConfig({
      ...OPENAI, OPENAI_API_KEY: 'sk-1', AGENT_INSTRUCTIONS: 'You help Northwind customers.', AGENT_NAME: ' Nova ',
      AGENT_HISTORY_MESSAGES: '8', AGENT_HISTORY_CHARS: '4000', OPENAI_TIMEOUT_MS: '5000',
    }, '/srv');
    expect(full.openai).toEqual({
      baseUrl: 'http://localhost:11434/v1', model: 'llama3.1:8b', apiKey: 'sk-1', instructions: 'You help Northwind customers.',
      historyMessages: 8, historyChars: 4000, timeoutMs: 5000,
    });
    // One setting for whichever agent answers: the same name for the demo bot and a webhook agent.
    expect(full.agentName).toBe('Nova');
    expect(parseConfig({ AGENT_NAME: 'Nova' }, '/srv').agentName).toBe('Nova');
  });

  it('trusts TRUST_PROXY_HOPS proxies, TRUST_PROXY=true as one', () => {
    expect(parseConfig({ TRUST_PROXY_HOPS: '2' }, '/srv').limits.trustProxyHops).toBe(2);
    expect(parseConfig({ TRUST_PROXY: 'false' }, '/srv').limits.trustProxyHops).toBe(0);
  });

  it('takes an empty variable as unset', () => {
    expect(parseConfig({ PORT: '', TOKEN_SECRET: '', UPSTREAM_URL: '', PENDO_TRACK_URL: '' }, '/srv')).toEqual(parseConfig({}, '/srv'));
  });

  it('refuses a value it cannot use, naming the variable in one line', () => {
    const cases: [Env, string][] = [
      [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535; got "abc".'],
      [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535; got "70000".'],
      [{ MAX_SSE_CONNECTIONS: '-1' }, 'MAX_SSE_CONNECTIONS must be a whole number of at least 1; got "-1".'],
      [{ MAX_SSE_PER_CONVERSATION: '0' }, 'MAX_SSE_PER_CONVERSATION must be a whole number of at least 1; got "0".'],
      [{ RATE_LIMIT_PER_IP: '1e3' }, 'RATE_LIMIT_PER_IP must be a whole number of at least 1; got "1e3".'],
      [{ SSE_PING_MS: '15s' }, 'SSE_PING_MS must be a whole number of at least 1; got "15s".'],
      [{ DATABASE_POOL_SIZE: 'ten' }, 'DATABASE_POOL_SIZE must be a whole number of at least 1; got "ten".'],
      [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY must be true or false; got "yes".'],
      [{ MAX_SSE_PER_ADDRESS: '0' }, 'MAX_SSE_PER_ADDRESS must be a whole number of at least 1; got "0".'],
      [{ HTTP_IDLE_TIMEOUT_MS: '30s' }, 'HTTP_IDLE_TIMEOUT_MS must be a whole number of at least 1; got "30s".'],
      [{ HTTP_HEADERS_TIMEOUT_MS: '40000' }, 'HTTP_HEADERS_TIMEOUT_MS (40000) must not exceed HTTP_REQUEST_TIMEOUT_MS (30000): the headers are part of the request.'],
      [{ TOKEN_TTL_HOURS: '0' }, 'TOKEN_TTL_HOURS must be a whole number of at least 1; got "0".'],
      [{ SERVE_SOURCE_MAPS: '1' }, 'SERVE_SOURCE_MAPS must be true or false; got "1".'],
      [{ API_KEY_FAILURES_PER_MINUTE: '0' }, 'API_KEY_FAILURES_PER_MINUTE must be a whole number of at least 1; got "0".'],
      [{ HUB_BUFFER_BYTES: '16MiB' }, 'HUB_BUFFER_BYTES must be a whole number of at least 0; got "16MiB".'],
      [{ TRUST_PROXY_HOPS: '-1' }, 'TRUST_PROXY_HOPS must be a whole number from 0 to 10; got "-1".'],
      [{ TRUST_PROXY_HOPS: '2', TRUST_PROXY: 'true' }, 'TRUST_PROXY_HOPS and TRUST_PROXY are both set; set only TRUST_PROXY_HOPS (TRUST_PROXY=true means TRUST_PROXY_HOPS=1).'],
      [{ DATABASE_URL: 'mysql://db/chat' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL; got "mysql://db/chat".'],
      [{ REDIS_URL: 'cache:6379' }, 'REDIS_URL must be a redis:// or rediss:// URL; got "cache:6379".'],
      [{ PUBLIC_URL: 'chat.example' }, 'PUBLIC_URL must be a http:// or https:// URL; got "chat.example".'],
      [{ ALLOWED_ORIGINS: 'https://a.example/' }, 'ALLOWED_ORIGINS must be * or comma-separated origins such as https://shop.example; "https://a.example/" is not an origin.'],
      [{ ...UPSTREAM, UPSTREAM_URL: 'bot.example' }, 'UPSTREAM_URL must be a http:// or https:// URL; got "bot.example".'],
      [{ ...UPSTREAM, TEAM_ONLINE: 'no' }, 'TEAM_ONLINE must be true or false; got "no".'],
      [{ ...PENDO, PENDO_TRACK_URL: 'data.pendo.io' }, 'PENDO_TRACK_URL must be a http:// or https:// URL; got "data.pendo.io".'],
      [{ SESSION_IDLE_MINUTES: '-1' }, 'SESSION_IDLE_MINUTES must be a number from 0 to 525600 (fractions allowed); got "-1".'],
      [{ SESSION_IDLE_MINUTES: '30m' }, 'SESSION_IDLE_MINUTES must be a number from 0 to 525600 (fractions allowed); got "30m".'],
      [{ AGENT_NAME: 'x'.repeat(101) }, `AGENT_NAME must be a name of 1 to 100 characters; got "${'x'.repeat(101)}".`],
      [{ GATEWAY_FAULTS: 'true' }, 'GATEWAY_FAULTS must be a whole number from 0 to 1; got "true".'],
      [{ ...OPENAI, OPENAI_BASE_URL: 'localhost:11434' }, 'OPENAI_BASE_URL must be a http:// or https:// URL; got "localhost:11434".'],
      [{ ...OPENAI, OPENAI_TIMEOUT_MS: '0' }, 'OPENAI_TIMEOUT_MS must be a whole number of at least 1; got "0".'],
      [{ AGENT_HISTORY_MESSAGES: '0' }, 'AGENT_HISTORY_MESSAGES must be a whole number from 1 to 1000; got "0".'],
      [{ AGENT_HISTORY_CHARS: 'lots' }, 'AGENT_HISTORY_CHARS must be a whole number of at least 1; got "lots".'],
      [{ ...UPSTREAM, ...OPENAI }, 'UPSTREAM_URL and OPENAI_BASE_URL are both set: the gateway answers through one agent; unset one of them.'],
      [{ FILE_MAX_BYTES: '10MB' }, 'FILE_MAX_BYTES must be a whole number from 1 to 1073741824; got "10MB".'],
      [{ FILE_TYPES: 'png,svg' }, 'FILE_TYPES must be a comma-separated list of png, jpeg, webp, gif, pdf, csv, txt; got "png,svg".'],
      [{ FILES_PER_CONVERSATION: 'many' }, 'FILES_PER_CONVERSATION must be a whole number of at least 0; got "many".'],
      [{ FILE_URL_TTL_MINUTES: '0' }, 'FILE_URL_TTL_MINUTES must be a whole number from 1 to 525600; got "0".'],
      [{ GATEWAY_FAULTS: '1', NODE_ENV: 'production' }, 'GATEWAY_FAULTS=1 is for tests only and cannot be used with NODE_ENV=production; unset one of them.'],
    ];
    for (const [env, message] of cases) expect(refusal(env), JSON.stringify(env)).toBe(message);
  });

  it('refuses, in production only, every secret shorter than 32 bytes, naming them all', () => {
    const strong = 's'.repeat(32);
    const env = { NODE_ENV: 'production', TOKEN_SECRET: 'short', ...UPSTREAM, WEBHOOK_SECRET: strong, EXPORT_API_KEYS: `${strong}, tiny` };
    expect(refusal(env)).toBe('TOKEN_SECRET, EXPORT_API_KEYS (key 2) must be at least 32 bytes with NODE_ENV=production; generate one with: openssl rand -hex 32');
    expect(refusal({ NODE_ENV: 'production', TOKEN_SECRET: strong, ...UPSTREAM, WEBHOOK_SECRET: 'x'.repeat(31) })).toMatch(/^WEBHOOK_SECRET must be at least 32 bytes/);
    expect(() => parseConfig({ ...env, NODE_ENV: 'development' }, '/srv')).not.toThrow();
    expect(() => parseConfig({ NODE_ENV: 'production' }, '/srv')).not.toThrow();
    expect(() => parseConfig({ NODE_ENV: 'production', TOKEN_SECRET: strong, EXPORT_API_KEYS: strong }, '/srv')).not.toThrow();
  });

  it('refuses a half-set upstream or Pendo configuration, naming what is missing', () => {
    expect(refusal({ UPSTREAM_URL: 'https://bot.example' })).toBe(
      'UPSTREAM_API_KEY, UPSTREAM_BOT_ID, WEBHOOK_SECRET are missing: upstream mode needs UPSTREAM_URL, UPSTREAM_API_KEY, UPSTREAM_BOT_ID, WEBHOOK_SECRET together (UPSTREAM_URL is set).',
    );
    expect(refusal({ ...UPSTREAM, WEBHOOK_SECRET: '' })).toBe(
      'WEBHOOK_SECRET is missing: upstream mode needs UPSTREAM_URL, UPSTREAM_API_KEY, UPSTREAM_BOT_ID, WEBHOOK_SECRET together (UPSTREAM_URL, UPSTREAM_API_KEY, UPSTREAM_BOT_ID are set).',
    );
    expect(refusal({ PENDO_TRACK_URL: PENDO.PENDO_TRACK_URL })).toBe(
      'PENDO_SHARED_SECRET is missing: server-side Pendo tracking needs PENDO_TRACK_URL, PENDO_SHARED_SECRET together (PENDO_TRACK_URL is set).',
    );
    expect(refusal({ PENDO_SHARED_SECRET: 'pendo-secret' })).toMatch(/^PENDO_TRACK_URL is missing: /);
    expect(refusal({ OPENAI_BASE_URL: OPENAI.OPENAI_BASE_URL })).toBe(
      'OPENAI_MODEL is missing: an OpenAI-compatible agent needs OPENAI_BASE_URL, OPENAI_MODEL together (OPENAI_BASE_URL is set).',
    );
  });
});

describe('describeConfig', () => {
  it('shows every setting but no secret', () => {
    const text = describeConfig(parseConfig({
      TOKEN_SECRET: 'tok-sekrit', DATABASE_URL: 'postgres://chat:db-sekrit@db/chat', REDIS_URL: 'redis://:redis-sekrit@cache:6379',
      ...UPSTREAM, UPSTREAM_API_KEY: 'up-sekrit', WEBHOOK_SECRET: 'hook-sekrit', ...PENDO, PENDO_SHARED_SECRET: 'pendo-sekrit',
      EXPORT_API_KEYS: 'export-sekrit-1,export-sekrit-2',
    }, '/srv'));
    const agent = describeConfig(parseConfig({ ...OPENAI, OPENAI_API_KEY: 'sk-sekrit', AGENT_INSTRUCTIONS: 'Be brief.' }, '/srv'));
    expect(agent).not.toMatch(/sekrit|Be brief/);
    expect(agent).toContain('  OPENAI_API_KEY=(set)');
    expect(agent).toContain('  OPENAI_BASE_URL=http://localhost:11434/v1');
    expect(agent).toContain('  AGENT_INSTRUCTIONS=(9 characters)');
    expect(text).not.toMatch(/sekrit/);
    expect(text).toContain('  DATABASE_URL=postgres://chat:***@db/chat');
    expect(text).toContain('  REDIS_URL=redis://:***@cache:6379');
    expect(text).toContain('  UPSTREAM_API_KEY=(set)');
    expect(text).toContain('  EXPORT_API_KEYS=(2 set)');
    expect(text).toContain('  UPSTREAM_URL=https://bot.example/api');
    expect(text.split('\n')).toHaveLength(50);
  });
});

describe("the README's configuration table", () => {
  it('lists exactly the variables the gateway reads', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## The gateway'), readme.indexOf('\n## ', readme.indexOf('## The gateway') + 1));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    const read = describeConfig(parseConfig({})).split('\n').map((line) => line.trim().split('=')[0]);
    expect(documented).toEqual([...read, 'NODE_ENV']);
  });
});

describe('the gateway started with a bad value', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agent-chat-config-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Runs main.ts with only `env` (and PATH) set; resolves with its exit code and output. */
  function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
        env: { PATH: process.env['PATH'] ?? '', PORT: '0', DATA_DIR: dataDir, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ MAX_SSE_CONNECTIONS: '-1' }, 'MAX_SSE_CONNECTIONS'],
    [{ PENDO_TRACK_URL: 'https://data.pendo.io/data/track' }, 'PENDO_SHARED_SECRET'],
    [{ UPSTREAM_URL: 'https://bot.example', UPSTREAM_API_KEY: 'key', UPSTREAM_BOT_ID: 'bot' }, 'WEBHOOK_SECRET'],
    [{ ...UPSTREAM, ...OPENAI }, 'UPSTREAM_URL'],
    [{ NODE_ENV: 'production', TOKEN_SECRET: 'short' }, 'TOKEN_SECRET'],
  ])('%o exits with 1 and one line naming %s', async (env, variable) => {
    const { code, stdout, stderr } = await run(env);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^agent-chat gateway: ${variable} `));
  }, 30_000);
});

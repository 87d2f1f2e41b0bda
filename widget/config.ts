// The public configuration: its type, defaults, and validation with messages a developer can act on.
import { EN_STRINGS, type Strings } from './ui/strings';

export interface TrackingConfig {
  /** "auto": window.pendo.trackAgent when present (queued until it loads); false: off. */
  pendo?: 'auto' | false;
  /** Reported as agentModelsUsed when a response names none. */
  agentModelsUsed?: string[];
  /** Extra Pendo event properties sent with every call (for example `experiment`). */
  properties?: Record<string, unknown>;
}

export interface AgentChatConfig {
  apiBase: string;
  agentId: string;
  title?: string;
  theme?: 'light' | 'dark' | 'auto';
  position?: 'left' | 'right';
  chatApiUrl?: string;
  sseUrl?: string;
  metadata?: Record<string, string>;
  strings?: Partial<Strings>;
  tracking?: TrackingConfig;
  persist?: 'local' | 'session' | 'none';
  startOpen?: boolean;
}

export interface ResolvedConfig {
  agentId: string;
  title: string;
  theme: 'light' | 'dark' | 'auto';
  position: 'left' | 'right';
  chatApiUrl: string;
  sseUrl: string;
  metadata: Record<string, string> | undefined;
  strings: Strings;
  pendo: boolean;
  agentModelsUsed: string[];
  properties: Record<string, unknown>;
  persist: 'local' | 'session' | 'none';
  startOpen: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function fail(message: string): never {
  throw new ConfigError(`agent-chat: ${message}`);
}

/** The allowed value given, the first (default) when absent, else a clear error. */
function oneOf<T extends string>(value: unknown, key: string, allowed: readonly T[]): T {
  if (value === undefined) return allowed[0]!;
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  return fail(`"${key}" must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`);
}

function required(value: unknown, key: string, attribute: string, what: string): string {
  if (typeof value === 'string' && value.trim()) return value.trim();
  return fail(`"${key}" (${attribute}) is required: ${what}.`);
}

function httpUrl(value: string, key: string, base: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value, base);
  } catch {
    // reported below
  }
  return url && /^https?:$/.test(url.protocol) ? url.href : fail(`"${key}" must be an http(s) URL; got ${JSON.stringify(value)}.`);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

/** Checks a config from data attributes, a script or TypeScript alike; `baseUrl` resolves a relative apiBase. */
export function resolveConfig(input: AgentChatConfig, baseUrl: string): ResolvedConfig {
  if (typeof input !== 'object' || input === null) fail('the configuration must be an object.');
  const apiBase = httpUrl(`${required(input.apiBase, 'apiBase', 'data-api-base', 'the URL of your agent-chat gateway')}/`.replace(/\/+$/, '/'), 'apiBase', baseUrl);
  const { metadata, strings = {}, tracking = {} } = input;
  const models = tracking.agentModelsUsed ?? [];
  if (metadata !== undefined && !isStringRecord(metadata)) fail('"metadata" must be an object of string values.');
  if (!isStringRecord(strings)) fail('"strings" must be an object of string values.');
  if (!Array.isArray(models) || !models.every((m) => typeof m === 'string')) fail('"tracking.agentModelsUsed" must be an array of strings.');
  return {
    agentId: required(input.agentId, 'agentId', 'data-agent-id', 'the id of the agent to talk to'),
    title: String(input.title ?? '').trim() || 'Chat',
    theme: oneOf(input.theme, 'theme', ['auto', 'light', 'dark']),
    position: oneOf(input.position, 'position', ['right', 'left']),
    chatApiUrl: httpUrl(input.chatApiUrl ?? 'converse/chat', 'chatApiUrl', apiBase),
    sseUrl: httpUrl(input.sseUrl ?? 'eventrouter/v1/sse', 'sseUrl', apiBase),
    metadata: metadata && { ...metadata },
    strings: { ...EN_STRINGS, ...strings },
    pendo: tracking.pendo !== false && oneOf(tracking.pendo, 'tracking.pendo', ['auto']) === 'auto',
    agentModelsUsed: [...models],
    properties: { ...tracking.properties },
    persist: oneOf(input.persist, 'persist', ['local', 'session', 'none']),
    startOpen: input.startOpen === true,
  };
}

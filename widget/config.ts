// The public configuration: its type, defaults, and validation with messages a developer can act on.
import { EN_STRINGS, type Strings } from './ui/strings';

export interface TrackingConfig {
  /** "auto": window.pendo.trackAgent when present (queued until it loads); false: off. */
  pendo?: 'auto' | false;
  interactions?: boolean;
  /** Reported as agentModelsUsed when a response names none. */
  agentModelsUsed?: string[];
  /** Extra Pendo event properties sent with every call (for example `experiment`). */
  properties?: Record<string, unknown>;
}

export interface AgentChatConfig {
  apiBase: string;
  agentId: string;
  title?: string;
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  position?: 'left' | 'right';
  chatApiUrl?: string;
  sseUrl?: string;
  metadata?: Record<string, string>;
  customerId?: string;
  strings?: Partial<Strings>;
  tracking?: TrackingConfig;
  persist?: 'local' | 'session' | 'none';
  startOpen?: boolean;
}

export interface ResolvedConfig {
  agentId: string;
  title: string;
  locale: string;
  theme: 'light' | 'dark' | 'auto';
  position: 'left' | 'right';
  chatApiUrl: string;
  sseUrl: string;
  metadata: Record<string, string> | undefined;
  customerId: string | undefined;
  strings: Strings;
  tracking: { pendo: 'auto' | false; interactions: boolean; agentModelsUsed: string[]; properties: Record<string, unknown> };
  persist: 'local' | 'session' | 'none';
  startOpen: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function oneOf<T extends string>(value: unknown, key: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`agent-chat: "${key}" must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${JSON.stringify(value)}.`);
}

function httpUrl(value: string, key: string, base: string): string {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new ConfigError(`agent-chat: "${key}" is not a valid URL: ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`agent-chat: "${key}" must be an http(s) URL; got ${JSON.stringify(value)}.`);
  }
  return url.href;
}

function stringRecord(value: unknown, key: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new ConfigError(`agent-chat: "${key}" must be an object of string values.`);
  }
  return { ...(value as Record<string, string>) };
}

/**
 * Checks a config coming from a data attribute, a script or TypeScript alike.
 * `baseUrl` resolves a relative apiBase (the page's address).
 */
export function resolveConfig(input: AgentChatConfig, baseUrl: string): ResolvedConfig {
  if (typeof input !== 'object' || input === null) throw new ConfigError('agent-chat: the configuration must be an object.');
  if (typeof input.apiBase !== 'string' || !input.apiBase.trim()) {
    throw new ConfigError('agent-chat: "apiBase" (data-api-base) is required: the URL of your agent-chat gateway.');
  }
  if (typeof input.agentId !== 'string' || !input.agentId.trim()) {
    throw new ConfigError('agent-chat: "agentId" (data-agent-id) is required: the id of the agent to talk to.');
  }
  const apiBase = httpUrl(input.apiBase.endsWith('/') ? input.apiBase : `${input.apiBase}/`, 'apiBase', baseUrl);
  const tracking = input.tracking ?? {};
  const models = tracking.agentModelsUsed ?? [];
  if (!Array.isArray(models) || !models.every((m) => typeof m === 'string')) {
    throw new ConfigError('agent-chat: "tracking.agentModelsUsed" must be an array of strings.');
  }
  const pendo = tracking.pendo === false ? false : oneOf(tracking.pendo, 'tracking.pendo', ['auto'], 'auto');
  return {
    agentId: input.agentId.trim(),
    title: typeof input.title === 'string' && input.title.trim() ? input.title.trim() : 'Chat',
    locale: typeof input.locale === 'string' && input.locale ? input.locale : 'en',
    theme: oneOf(input.theme, 'theme', ['light', 'dark', 'auto'], 'auto'),
    position: oneOf(input.position, 'position', ['left', 'right'], 'right'),
    chatApiUrl: httpUrl(input.chatApiUrl ?? 'converse/chat', 'chatApiUrl', apiBase),
    sseUrl: httpUrl(input.sseUrl ?? 'eventrouter/v1/sse', 'sseUrl', apiBase),
    metadata: stringRecord(input.metadata, 'metadata'),
    customerId: typeof input.customerId === 'string' ? input.customerId : undefined,
    strings: { ...EN_STRINGS, ...stringRecord(input.strings, 'strings') },
    tracking: {
      pendo,
      interactions: tracking.interactions ?? true,
      agentModelsUsed: [...models],
      properties: { ...tracking.properties },
    },
    persist: oneOf(input.persist, 'persist', ['local', 'session', 'none'], 'local'),
    startOpen: input.startOpen === true,
  };
}

// The public configuration: its type, defaults, and validation with messages a developer can act on.
import type { Strings } from './i18n/strings';

export interface TrackingConfig {
  /** "auto": window.pendo.trackAgent when present (queued until it loads); "server": through the
   *  gateway, which forwards to Pendo's server-side endpoint; false: off. */
  pendo?: 'auto' | 'server' | false;
  /** One impression per page view to the gateway's interaction analytics (default true). */
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
  /** A language tag ("ja", "pt-BR"); by default the page's `lang`, else the browser's language. */
  locale?: string;
  /** Where the built-in locales' JSON files are (default: beside the script tag, else `{apiBase}locales/`). */
  localesUrl?: string;
  theme?: 'light' | 'dark' | 'auto';
  position?: 'left' | 'right';
  chatApiUrl?: string;
  sseUrl?: string;
  metadata?: Record<string, string>;
  /** The site's own id for the visitor, sent with the impression (PROTOCOL §5 customer_id). */
  customerId?: string;
  strings?: Partial<Strings>;
  tracking?: TrackingConfig;
  persist?: 'local' | 'session' | 'none';
  startOpen?: boolean;
  /** Starter prompts shown as buttons before the visitor's first message (data-suggested-prompts: a JSON array). */
  suggestedPrompts?: string[];
  /** The largest file a visitor may attach, bytes (data-max-file-bytes; default 10 MiB, the gateway's default). */
  maxFileBytes?: number;
  /** Files per message (data-max-files; default 5; 0: no attaching). */
  maxFiles?: number;
  /** The kinds of file a visitor may attach (data-file-types: "png,pdf"; default every kind the gateway accepts). */
  fileTypes?: string[] | string;
}

export interface ResolvedConfig {
  agentId: string;
  title: string;
  locale: string;
  localesUrl: string;
  theme: 'light' | 'dark' | 'auto';
  position: 'left' | 'right';
  chatApiUrl: string;
  sseUrl: string;
  interactionUrl: string;
  trackAgentUrl: string;
  reactionsUrl: string;
  filesUrl: string;
  interactions: boolean;
  metadata: Record<string, string> | undefined;
  customerId: string | undefined;
  /** The host's own wording, over the locale's. */
  strings: Partial<Strings>;
  pendo: 'auto' | 'server' | false;
  agentModelsUsed: string[];
  properties: Record<string, unknown>;
  persist: 'local' | 'session' | 'none';
  startOpen: boolean;
  suggestedPrompts: string[];
  /** What a visitor may attach; maxFiles 0: no attaching. */
  files: { maxBytes: number; maxFiles: number; types: string[] };
  /** Options that were wrong but not fatal: each is dropped, and mount() reports it once. */
  warnings: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function fail(message: string): never {
  throw new ConfigError(`agent-chat: ${message}`);
}

/** The value if the check holds (or it is absent and there is a default), else a clear error. */
function check<T>(value: unknown, key: string, ok: boolean, what: string): T {
  return ok ? (value as T) : fail(`"${key}" ${what}; got ${JSON.stringify(value)}.`);
}

const oneOf = <T extends string>(value: unknown, key: string, allowed: readonly T[]): T =>
  value === undefined ? allowed[0]! : check(value, key, (allowed as readonly unknown[]).includes(value), `must be one of ${allowed.join(', ')}`);

const required = (value: unknown, key: string, attribute: string): string =>
  check<string>(value, key, typeof value === 'string' && !!value.trim(), `(${attribute}) is required`).trim();

function httpUrl(value: string, key: string, base: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value, base);
  } catch {
    // reported below
  }
  return check<URL>(url, key, !!url && /^https?:$/.test(url.protocol), 'must be an http(s) URL').href;
}

const strings = (value: unknown): boolean => typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');

/** A well-formed BCP 47 tag, as Intl itself checks it (Intl throws on a bad one later otherwise). */
function isLanguageTag(value: unknown): boolean {
  try {
    return typeof value === 'string' && Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** The kinds of file the gateway tells by their bytes (PROTOCOL §1). */
export const FILE_TYPES = ['png', 'jpeg', 'webp', 'gif', 'pdf', 'csv', 'txt'];

/** A whole number of at least 0; a data attribute gives it as text. */
const count = (value: unknown, key: string, fallback: number): number =>
  value === undefined ? fallback : Number(check<number | string>(value, key, value !== '' && Number.isSafeInteger(Number(value)) && Number(value) >= 0, 'must be a whole number of at least 0'));

/** A list of FILE_TYPES, as an array or comma-separated text. */
function fileTypes(value: unknown): string[] {
  if (value === undefined) return FILE_TYPES;
  const list = typeof value === 'string' ? value.split(',').map((type) => type.trim().toLowerCase()) : value;
  check(value, 'fileTypes', Array.isArray(list) && list.every((type) => FILE_TYPES.includes(type)), `must list file types of ${FILE_TYPES.join(', ')}`);
  return list as string[];
}

const SUGGESTED_PROMPTS_ERROR = '"suggestedPrompts" (data-suggested-prompts) must be a JSON array of non-empty strings such as ["Track my order"]';

/** The trimmed prompts, or none and a warning: the widget works without them. */
function suggestedPrompts(value: unknown, warnings: string[]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((prompt) => typeof prompt === 'string' && prompt.trim())) return value.map((prompt: string) => prompt.trim());
  warnings.push(`${SUGGESTED_PROMPTS_ERROR}; got ${JSON.stringify(value)}. No suggested prompts are shown.`);
  return [];
}

/**
 * Checks a config from data attributes, a script or TypeScript alike; `baseUrl` resolves a
 * relative apiBase; `pageLanguage` is the locale when the config names none.
 */
export function resolveConfig(input: AgentChatConfig, baseUrl: string, pageLanguage = 'en'): ResolvedConfig {
  check(input, 'config', typeof input === 'object' && input !== null, 'must be an object');
  const apiBase = httpUrl(`${required(input.apiBase, 'apiBase', 'data-api-base')}/`.replace(/\/+$/, '/'), 'apiBase', baseUrl);
  const { tracking = {} } = input;
  const warnings: string[] = [];
  return {
    agentId: required(input.agentId, 'agentId', 'data-agent-id'),
    title: String(input.title ?? '').trim() || 'Chat',
    locale: input.locale === undefined
      ? (isLanguageTag(pageLanguage) ? pageLanguage : 'en')
      : check<string>(input.locale, 'locale', isLanguageTag(input.locale), 'must be a language tag such as "fr" or "pt-BR"'),
    localesUrl: httpUrl(input.localesUrl ?? 'locales', 'localesUrl', apiBase).replace(/\/?$/, '/'),
    theme: oneOf(input.theme, 'theme', ['auto', 'light', 'dark']),
    position: oneOf(input.position, 'position', ['right', 'left']),
    chatApiUrl: httpUrl(input.chatApiUrl ?? 'converse/chat', 'chatApiUrl', apiBase),
    sseUrl: httpUrl(input.sseUrl ?? 'eventrouter/v1/sse', 'sseUrl', apiBase),
    interactionUrl: `${apiBase}api/track-interaction`,
    trackAgentUrl: `${apiBase}api/track-agent`,
    reactionsUrl: `${apiBase}api/reactions`,
    filesUrl: `${apiBase}api/files`,
    interactions: tracking.interactions !== false,
    customerId: input.customerId === undefined ? undefined : check<string>(input.customerId, 'customerId', typeof input.customerId === 'string', 'must be a string'),
    metadata: input.metadata && { ...check<Record<string, string>>(input.metadata, 'metadata', strings(input.metadata), 'must be an object of strings') },
    strings: { ...check<Partial<Strings>>(input.strings ?? {}, 'strings', strings(input.strings ?? {}), 'must be an object of strings') },
    pendo: tracking.pendo !== false && oneOf(tracking.pendo, 'tracking.pendo', ['auto', 'server'] as const),
    agentModelsUsed: [...check<string[]>(tracking.agentModelsUsed ?? [], 'tracking.agentModelsUsed', strings(tracking.agentModelsUsed ?? []) && Array.isArray(tracking.agentModelsUsed ?? []), 'must be an array of strings')],
    properties: { ...tracking.properties },
    persist: oneOf(input.persist, 'persist', ['local', 'session', 'none']),
    startOpen: input.startOpen === true,
    suggestedPrompts: suggestedPrompts(input.suggestedPrompts, warnings),
    files: { maxBytes: count(input.maxFileBytes, 'maxFileBytes', 10 * 1024 * 1024), maxFiles: count(input.maxFiles, 'maxFiles', 5), types: fileTypes(input.fileTypes) },
    warnings,
  };
}

/** JSON's value, or the text itself when it is not JSON (resolveConfig then says what is wrong with it). */
function jsonOrText(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return text;
  }
}

/** Attributes, with camelCase names (apiBase, startOpen), as a config; resolveConfig checks each value. */
export function configFromAttributes(attributes: Record<string, string | undefined>): AgentChatConfig {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    config[key] = key === 'startOpen' ? value !== 'false' : key === 'suggestedPrompts' ? jsonOrText(value) : value;
  }
  return config as unknown as AgentChatConfig;
}

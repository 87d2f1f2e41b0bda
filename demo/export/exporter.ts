// Pulls a whole time window from the Export API into a file, following cursors. It paces itself
// to the API's 3 requests per second, waits out 429s, retries transient failures, and can resume:
// after every page it records the cursor and the file's length, so a rerun truncates any half-
// written page and carries on, and every record lands exactly once.
import { existsSync, openSync, readFileSync, renameSync, rmSync, truncateSync, writeSync, closeSync, statSync } from 'node:fs';

export interface ExportJob {
  apiBase: string;
  apiKey: string;
  bot: string;
  /** Unix seconds. */
  from: number;
  to: number;
  out: string;
  format: 'jsonl' | 'csv';
  what: 'conversations' | 'messages';
  /** Messages of this conversation only. */
  conversationId?: string;
  /** Records per request, 1 to 1000 (default 1000). */
  perPage?: number;
}

export interface ExportHooks {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onPage?(progress: { records: number; pages: number }): void;
  /** Minimum time between requests (3 per second by default). */
  paceMs?: number;
  maxAttempts?: number;
}

export interface ExportSummary {
  records: number;
  pages: number;
  resumed: boolean;
}

export class ExportError extends Error {
  /** True when running the same command again may get further (network or server trouble). */
  constructor(message: string, readonly resumable = false) {
    super(message);
  }
}

const COLUMNS = {
  conversations: ['_id', 'startTime', 'lastActionAt', 'locale', 'tags', 'userMessageCount', 'metadata'],
  messages: ['_id', 'time', 'conversationId', 'type', 'userInput', 'userActionType', 'outMsg'],
};

/** A cell a spreadsheet would run as a formula starts with one of these (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A leading ' makes the spreadsheet show the text rather than evaluate it; numbers are data, not text.
  const safe = typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
  return safe !== text || /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function serialise(records: Record<string, unknown>[], job: ExportJob): string {
  if (job.format === 'jsonl') return records.map((r) => `${JSON.stringify(r)}\n`).join('');
  return records.map((r) => `${COLUMNS[job.what].map((c) => csvCell(r[c])).join(',')}\n`).join('');
}

interface State {
  job: string;
  cursor: string | null;
  bytes: number;
  records: number;
  pages: number;
}

const jobKey = (job: ExportJob) => JSON.stringify([job.apiBase, job.bot, job.from, job.to, job.format, job.what, job.perPage ?? 1000, job.conversationId ?? null]);

export async function runExport(job: ExportJob, hooks: ExportHooks = {}): Promise<ExportSummary> {
  const send = hooks.fetch ?? fetch;
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const paceMs = hooks.paceMs ?? 340;
  const maxAttempts = hooks.maxAttempts ?? 6;
  const stateFile = `${job.out}.partial.json`;

  let state: State = { job: jobKey(job), cursor: null, bytes: 0, records: 0, pages: 0 };
  let resumed = false;
  if (existsSync(stateFile)) {
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as State;
    if (saved.job === state.job && existsSync(job.out)) {
      state = saved;
      resumed = true;
      truncateSync(job.out, saved.bytes); // drop a page written after the last saved state
    }
  }
  if (!resumed) {
    const header = job.format === 'csv' ? `${COLUMNS[job.what].join(',')}\n` : '';
    const fd = openSync(job.out, 'w');
    writeSync(fd, header);
    closeSync(fd);
    state.bytes = Buffer.byteLength(header);
  }

  const save = () => {
    writeFileAtomic(stateFile, JSON.stringify(state));
  };
  let lastRequest = 0;
  do {
    const url = new URL(`conversations/export/v1/${job.what}`, job.apiBase.endsWith('/') ? job.apiBase : `${job.apiBase}/`);
    url.search = new URLSearchParams({
      start_time: String(job.from), end_time: String(job.to), bot_name: job.bot, per_page: String(job.perPage ?? 1000),
      ...(job.conversationId !== undefined && { conversation_id: job.conversationId }),
      ...(state.cursor && { cursor: state.cursor }),
    }).toString();
    const page = await fetchPage(url, job.apiKey, { send, sleep, maxAttempts, pace: async () => {
      const wait = lastRequest + paceMs - Date.now();
      if (wait > 0) await sleep(wait);
      lastRequest = Date.now();
    } });
    const fd = openSync(job.out, 'a');
    writeSync(fd, serialise(page.data, job));
    closeSync(fd);
    state = { ...state, cursor: page.cursor, bytes: statSync(job.out).size, records: state.records + page.data.length, pages: state.pages + 1 };
    save();
    hooks.onPage?.({ records: state.records, pages: state.pages });
  } while (state.cursor);
  rmSync(stateFile, { force: true });
  return { records: state.records, pages: state.pages, resumed };
}

function writeFileAtomic(file: string, text: string) {
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w');
  writeSync(fd, text);
  closeSync(fd);
  renameSync(temp, file);
}

interface PageDeps {
  send: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  maxAttempts: number;
  pace: () => Promise<void>;
}

async function fetchPage(url: URL, apiKey: string, deps: PageDeps): Promise<{ data: Record<string, unknown>[]; cursor: string | null }> {
  // Only transient failures count as attempts; waiting out a 429 does not.
  let failures = 0;
  const backOff = () => deps.sleep(Math.min(30_000, 500 * 2 ** failures));
  for (;;) {
    await deps.pace();
    let response: Response;
    try {
      response = await deps.send(url, { headers: { 'x-api-key': apiKey } });
    } catch (error) {
      if (++failures >= deps.maxAttempts) throw new ExportError(`Cannot reach ${url.origin}: ${(error as Error).message}.`, true);
      await backOff();
      continue;
    }
    const body = (await response.json().catch(() => ({}))) as { data?: unknown; cursor?: unknown; error?: { message?: string } };
    if (response.ok && Array.isArray(body.data) && (typeof body.cursor === 'string' || body.cursor === null)) {
      return { data: body.data as Record<string, unknown>[], cursor: body.cursor };
    }
    const message = body.error?.message ?? `HTTP ${response.status}`;
    if (response.status === 401) throw new ExportError(`The API key was refused (401): ${message}`);
    if (response.status === 429) {
      await deps.sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
      continue;
    }
    if (response.status >= 500 && ++failures < deps.maxAttempts) {
      await backOff();
      continue;
    }
    throw new ExportError(`The export failed (${response.status}): ${message}`, response.status >= 500);
  }
}

// Test-only fault injection: the e2e suite arms one fault at a time through
// POST /__faults and watches the widget recover. Off unless GATEWAY_FAULTS=1, and refused outright
// with NODE_ENV=production, so a deployed gateway can never be broken on purpose.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from '../../../widget/protocol/json';
import type { Route, Routes } from '../http/router';
import { HttpError, readJson, sendJson } from '../http/errors';

/** What to break next. Counts are used up as the faults fire; POST /__faults replaces the whole plan. */
export interface FaultPlan {
  /** The next N Chat API posts are answered 503, unhandled. */
  failPosts?: number;
  /** The next N Chat API posts are handled, but their answer is never sent: the client times out. */
  dropAnswers?: number;
  /** The next N Chat API posts are neither handled nor answered; dropped when the client goes away. */
  holdPosts?: number;
  /** The event stream that sends the K-th streaming token from now is cut right after it. */
  cutAfterTokens?: number;
  /** Every event is sent twice. */
  duplicateEvents?: boolean;
  /** Streaming tokens go out in swapped pairs (2, 1, 4, 3, …). */
  swapTokens?: boolean;
  /** New event streams ignore Last-Event-ID: every stored event is delivered again. */
  replayAll?: boolean;
}

const COUNTS = ['failPosts', 'dropAnswers', 'holdPosts', 'cutAfterTokens'] as const;
const SWITCHES = ['duplicateEvents', 'swapTokens', 'replayAll'] as const;
type Count = (typeof COUNTS)[number];

export interface Faults {
  /** Wraps the Chat API and SSE routes with the armed faults and adds POST /__faults. */
  install(routes: Routes): void;
}

export function parsePlan(body: unknown): FaultPlan {
  const bad = (message: string) => new HttpError(400, 'invalid_fault_plan', message);
  if (!isRecord(body)) throw bad('The plan must be a JSON object.');
  const plan: FaultPlan = {};
  for (const [key, value] of Object.entries(body)) {
    if ((COUNTS as readonly string[]).includes(key)) {
      if (!Number.isInteger(value) || (value as number) < 0) throw bad(`${key} must be a whole number ≥ 0.`);
      plan[key as Count] = value as number;
    } else if ((SWITCHES as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw bad(`${key} must be true or false.`);
      plan[key as (typeof SWITCHES)[number]] = value;
    } else {
      throw bad(`Unknown fault ${JSON.stringify(key)}; known: ${[...COUNTS, ...SWITCHES].join(', ')}.`);
    }
  }
  return plan;
}

/** Uses up one of a counted fault; true when it fired. */
function take(plan: FaultPlan, count: Count): boolean {
  const left = plan[count] ?? 0;
  if (left > 0) plan[count] = left - 1;
  return left > 0;
}

const isToken = (block: string) => /^event: CONVERSATION_STREAMING_TOKEN$/m.test(block);
const isEvent = (block: string) => /^event: /m.test(block);

/**
 * Rewrites what one event stream writes (whole SSE blocks, as sse.ts writes them) by the plan.
 * Returns the text to send and whether to cut the connection after it.
 */
export function createStreamTap(plan: () => FaultPlan) {
  let held: string | null = null; // a token waiting for its successor (swapTokens)
  return (chunk: string): { text: string; cut: boolean } => {
    const out: string[] = [];
    const emit = (block: string) => out.push(...(plan().duplicateEvents && isEvent(block) ? [block, block] : [block]));
    for (const block of chunk.split('\n\n').filter(Boolean)) {
      const token = isToken(block);
      if (held !== null && !token) {
        emit(held);
        held = null;
      }
      if (token && plan().swapTokens && held === null) held = block;
      else {
        emit(block);
        if (held !== null) {
          emit(held);
          held = null;
        }
      }
      if (token && take(plan(), 'cutAfterTokens') && plan().cutAfterTokens === 0) {
        return { text: out.map((b) => `${b}\n\n`).join(''), cut: true };
      }
    }
    return { text: out.map((b) => `${b}\n\n`).join(''), cut: false };
  };
}

export function createFaults(): Faults {
  let plan: FaultPlan = {};

  async function chatApi(req: IncomingMessage, res: ServerResponse, handle: Route['handle']): Promise<void> {
    if (take(plan, 'failPosts')) throw new HttpError(503, 'fault_injected', 'Injected fault: the gateway is unavailable; retry.');
    if (take(plan, 'holdPosts')) return new Promise((resolve) => res.on('close', resolve));
    // The message is handled and stored, but the answer is lost: only a retry can tell.
    if (take(plan, 'dropAnswers')) Object.assign(res, { writeHead: () => res, end: () => res });
    await handle(req, res);
  }

  function sse(req: IncomingMessage, res: ServerResponse, handle: Route['handle']) {
    if (plan.replayAll) delete req.headers['last-event-id'];
    const tap = createStreamTap(() => plan);
    const write = res.write.bind(res) as (text: string) => boolean;
    let cut = false;
    res.write = ((text: string) => {
      if (cut) return false;
      const out = tap(text);
      const ok = write(out.text);
      if (out.cut) {
        cut = true;
        res.destroy();
      }
      return ok;
    }) as typeof res.write;
    return handle(req, res);
  }

  return {
    install(routes) {
      const chat = routes['/converse/chat']!;
      const events = routes['/eventrouter/v1/sse']!;
      routes['/converse/chat'] = { ...chat, handle: (req, res) => chatApi(req, res, chat.handle) };
      routes['/eventrouter/v1/sse'] = { ...events, handle: (req, res) => sse(req, res, events.handle) };
      routes['/__faults'] = {
        method: 'POST',
        api: false,
        async handle(req, res) {
          plan = parsePlan(await readJson(req, 4096));
          sendJson(res, 200, { ok: true, plan });
        },
      };
    },
  };
}

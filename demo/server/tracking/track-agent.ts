// Server-side Pendo tracking (PROTOCOL §4): the widget posts its trackAgent calls here; the
// gateway checks them, queues them durably (once per event), and forwards them to Pendo with the
// Track Event shared secret, which never leaves the gateway. Failures are retried with backoff,
// with the same body and so the same messageId.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readJson, sendJson } from '../http/errors';
import { bearerToken } from '../http/headers';
import type { ConversationStore, ReactionStore, TrackOutbox } from '../store/store';
import type { TokenSigner } from '../auth/token';
import { isRecord } from '../../../widget/protocol/json';

export interface PendoForwarding {
  /** Pendo's server-side endpoint for agent events. */
  url: string;
  secret: string;
}

export interface TrackAgentDeps {
  store: ReactionStore & Pick<TrackOutbox, 'enqueueTrack'> & Pick<ConversationStore, 'getMessage'>;
  tokens: TokenSigner;
  clock: () => number;
  pendo: PendoForwarding | undefined;
  /** Wakes the forwarder after a call is queued. */
  kick(): void;
}

const EVENT_TYPES = ['prompt', 'agent_response', 'user_reaction'] as const;
const REACTIONS = ['positive', 'negative', 'unreact'];
const MAX_BODY_BYTES = 16 * 1024;
const MAX_PROPERTIES_BYTES = 2048;
const MAX_ID_LENGTH = 100;

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 50 && v.every((s) => typeof s === 'string' && s.length <= 500);

function invalid(message: string): never {
  throw new HttpError(400, 'invalid_request', message);
}

/** Checks each field PROTOCOL §4 names; returns the event type and the properties. */
function validate(body: unknown, conversationId: string) {
  if (!isRecord(body)) invalid('The body must be {"eventType", "agenticProperties", "properties"}.');
  const { eventType, agenticProperties: a, properties = {} } = body;
  if (!EVENT_TYPES.includes(eventType as (typeof EVENT_TYPES)[number])) invalid(`eventType must be one of ${EVENT_TYPES.join(', ')}.`);
  if (!isRecord(a)) invalid('agenticProperties must be an object.');
  for (const key of ['agentId', 'messageId', 'content'] as const) {
    if (typeof a[key] !== 'string' || !(a[key] as string).length || (a[key] as string).length > 10_000) invalid(`agenticProperties.${key} must be a non-empty string.`);
  }
  if ((a['messageId'] as string).length > MAX_ID_LENGTH || (a['agentId'] as string).length > MAX_ID_LENGTH) {
    invalid(`agenticProperties.messageId and agentId must be at most ${MAX_ID_LENGTH} characters.`);
  }
  if (a['conversationId'] !== conversationId) invalid('agenticProperties.conversationId must be the conversation of the token.');
  if (!isStrings(a['agentModelsUsed']) || !isStrings(a['toolsUsed'] ?? [])) invalid('agenticProperties.agentModelsUsed and toolsUsed must be arrays of strings.');
  if (typeof a['suggestedPrompt'] !== 'boolean') invalid('agenticProperties.suggestedPrompt must be a boolean.');
  const files = a['agentFilesUploaded'];
  if (!Array.isArray(files) || !files.every((f) => isRecord(f) && typeof f['type'] === 'string' && typeof f['name'] === 'string')) {
    invalid('agenticProperties.agentFilesUploaded must be an array of {"type", "name"} strings.');
  }
  if (a['agentUserReactionComments'] !== undefined && !isStrings(a['agentUserReactionComments'])) invalid('agenticProperties.agentUserReactionComments must be an array of strings.');
  if (eventType === 'user_reaction' && !REACTIONS.includes(a['content'] as string)) invalid('For user_reaction, content must be positive, negative or unreact.');
  if (!isRecord(properties) || Object.keys(properties).length > 20 || Buffer.byteLength(JSON.stringify(properties)) > MAX_PROPERTIES_BYTES) {
    invalid(`properties must be an object of at most 20 keys and ${MAX_PROPERTIES_BYTES} bytes.`);
  }
  return { eventType: eventType as (typeof EVENT_TYPES)[number], agentic: a as Record<string, unknown> & { messageId: string; content: string }, properties };
}

/**
 * The message the call is about, which must be one of the conversation's: the visitor's for a
 * prompt, the agent's for a response or a reaction.
 */
async function vouchedMessage(store: Pick<ConversationStore, 'getMessage'>, conversationId: string, eventType: (typeof EVENT_TYPES)[number], messageId: string) {
  const message = await store.getMessage(conversationId, messageId);
  if (!message) throw new HttpError(404, 'unknown_message', `This conversation has no message ${JSON.stringify(messageId)}.`);
  if ((message.role === 'EndUser') !== (eventType === 'prompt')) {
    invalid(eventType === 'prompt' ? 'A prompt must name a message from the visitor.' : `A ${eventType} must name a message from the agent.`);
  }
  return message;
}

/**
 * POST /api/track-agent (conversation token required): 202 once queued for Pendo; a repeat is a
 * no-op. Only what the gateway can vouch for goes on (PROTOCOL §4): a message of the token's
 * conversation, its stored text as the content, each prompt and response once, and a reaction
 * once per change to the recorded one. With `forward` false (POST /api/reactions, for widgets
 * tracking in the browser) it takes user_reaction calls only and records them without forwarding.
 */
export async function handleTrackAgent(req: IncomingMessage, res: ServerResponse, deps: TrackAgentDeps, forward: boolean): Promise<void> {
  const token = bearerToken(req);
  const conversationId = token ? deps.tokens.verify(token) : null;
  if (!conversationId) throw new HttpError(401, 'unauthorized', 'Send the conversation token as "Authorization: Bearer <token>".');
  if (forward && !deps.pendo) throw new HttpError(503, 'tracking_off', 'Server-side tracking is off: set PENDO_TRACK_URL and PENDO_SHARED_SECRET on the gateway.');
  const { eventType, agentic, properties } = validate(await readJson(req, MAX_BODY_BYTES), conversationId);
  if (!forward && eventType !== 'user_reaction') invalid('Only user_reaction calls are recorded here; send the others to /api/track-agent.');
  const message = await vouchedMessage(deps.store, conversationId, eventType, agentic.messageId);
  const now = deps.clock();
  let key: string;
  if (eventType === 'user_reaction') {
    const comments = agentic['agentUserReactionComments'] as string[] | undefined;
    const changed = await deps.store.recordReaction({
      conversationId, messageId: agentic.messageId, at: now,
      reaction: agentic.content === 'unreact' ? null : (agentic.content as 'positive' | 'negative'),
      ...(comments?.[0] && { comment: comments[0] }),
    });
    if (!forward || !changed) return sendJson(res, 202, { ok: true, queued: false });
    // The recorded change is the dedupe: each one is forwarded, a resend of it changed nothing.
    key = `${eventType}:${agentic.messageId}:${randomUUID()}`;
  } else {
    agentic.content = message.text;
    key = `${eventType}:${agentic.messageId}`;
  }
  const queued = await deps.store.enqueueTrack(key, JSON.stringify({ eventType, agenticProperties: agentic, properties, timestamp: now }), now);
  if (queued) deps.kick();
  sendJson(res, 202, { ok: true, queued });
}

export interface Forwarder {
  kick(): void;
  stop(): void;
}

/** Sends queued calls to Pendo in order; a failure waits (1 s, 2 s, 4 s … up to 10 min) and retries. */
export function createTrackForwarder(store: TrackOutbox, pendo: PendoForwarding, clock: () => number, send: typeof fetch = fetch, pollMs = 1000): Forwarder {
  let running = false;
  let stopped = false;
  async function drain() {
    if (running || stopped) return;
    running = true;
    try {
      for (let due = await store.dueTracks(clock(), 20); due.length && !stopped; due = await store.dueTracks(clock(), 20)) {
        for (const call of due) {
          const ok = await send(pendo.url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'x-pendo-integration-key': pendo.secret },
            body: call.body,
            signal: AbortSignal.timeout(10_000),
          }).then(async (r) => (await r.body?.cancel(), r.ok), () => false);
          if (ok) await store.markTrackSent(call.id, clock());
          else await store.retryTrackAt(call.id, clock() + Math.min(600_000, 1000 * 2 ** call.attempts));
        }
      }
    } catch (error) {
      // The store is out of reach for now (a database restarting): the next poll tries again.
      if (!stopped) console.error('track forwarder: the outbox could not be read or updated:', (error as Error).message);
    } finally {
      running = false;
    }
  }
  const timer = setInterval(() => void drain(), pollMs);
  timer.unref();
  return {
    kick: () => void drain(),
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

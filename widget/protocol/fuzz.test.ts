// Property tests: whatever bytes arrive, the decoder never throws and never yields an event that
// breaks its type.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEvent } from './decode';
import type { ChatEvent, MessageContent, Participant } from './events';
import { createEventStream } from './stream';

const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const strs = (v: unknown) => Array.isArray(v) && v.every(str);

function validParticipant(p: Participant): boolean {
  return ['EndUser', 'Chatbot', 'Agent', 'System'].includes(p.role) && str(p.id) && str(p.name);
}

function validContent(c: MessageContent): boolean {
  const options = (list: unknown) => Array.isArray(list) && list.every((o) => str(o.id) && str(o.title) && o.title.length > 0);
  switch (c.type) {
    case 'text':
      return str(c.text);
    case 'link':
      return str(c.text) && str(c.url) && str(c.title);
    case 'choices':
      return str(c.text) && ['buttons', 'quick-replies'].includes(c.style) && options(c.options);
    case 'carousel':
      return str(c.text) && c.cards.every((card) => str(card.title) && options(card.options) && (card.image === undefined || (str(card.image.url) && str(card.image.alt))));
    default:
      return false;
  }
}

/** The runtime form of the ChatEvent type. */
function validEvent(e: ChatEvent): boolean {
  switch (e.kind) {
    case 'message':
      return str(e.id) && validParticipant(e.from) && validContent(e.content) && num(e.at) && (e.meta === undefined || ((e.meta.modelsUsed === undefined || strs(e.meta.modelsUsed)) && (e.meta.toolsUsed === undefined || strs(e.meta.toolsUsed))));
    case 'token':
      return str(e.target) && num(e.seq) && str(e.text) && validParticipant(e.from);
    case 'token-invalid':
      return str(e.target) && num(e.seq) && str(e.reason);
    case 'typing':
      return validParticipant(e.from) && typeof e.on === 'boolean';
    case 'progress':
      return str(e.text);
    case 'receipt':
      return str(e.messageId) && (e.state === 'delivered' || e.state === 'read');
    case 'routing':
      return typeof e.transfer === 'boolean' && (e.failure === undefined || str(e.failure)) && (e.waitSeconds === undefined || num(e.waitSeconds));
    case 'participant':
      return Array.isArray(e.changes) && e.changes.length > 0 && e.changes.every((c) => (c.op === 'add' || c.op === 'remove') && validParticipant(c.who));
    case 'closed':
      return str(e.reason);
    default:
      return false;
  }
}

const fixture = readFileSync(new URL('./fixtures/every-event.sse', import.meta.url), 'utf8');
const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
// The fixture's events whose data is JSON (it also holds one that is deliberately not).
const recorded = [...fixture.matchAll(/event: (\S+)\ndata: (.*)\n/g)].map((m) => ({ name: m[1]!, data: m[2]! })).filter((e) => parses(e.data));

/** Replaces the value at a random path of a JSON value with an arbitrary one. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[path[0]! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(value) ? [...value] as unknown as Record<string, unknown> : { ...value };
  copy[key] = mutate(copy[key], path.slice(1), replacement);
  return copy;
}

// Thousands of fuzzed runs take seconds on a busy machine: a generous timeout, this is no speed test.
describe('SSE decoding under fuzzing', { timeout: 60_000 }, () => {
  it('never throws on random text fed in random chunks, and every event it yields is well-typed', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), (chunks) => {
        const stream = createEventStream({
          onEvent: (event) => expect(validEvent(event)).toBe(true),
          onError: () => {},
        });
        for (const chunk of chunks) stream.feed(chunk);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on mutated recorded events (a field removed, retyped or replaced), and yields only well-typed events', () => {
    const anything = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
    fc.assert(
      fc.property(fc.nat(recorded.length - 1), fc.array(fc.nat(20), { maxLength: 6 }), anything, fc.boolean(), (index, path, replacement, inPayload) => {
        const { name, data } = recorded[index]!;
        const envelope = JSON.parse(data) as { conversationEntry?: { entryPayload?: unknown } };
        let mutated: unknown;
        if (inPayload && typeof envelope.conversationEntry?.entryPayload === 'string') {
          const payload = mutate(JSON.parse(envelope.conversationEntry.entryPayload), path, replacement);
          mutated = { ...envelope, conversationEntry: { ...envelope.conversationEntry, entryPayload: JSON.stringify(payload) } };
        } else {
          mutated = mutate(envelope, path, replacement);
        }
        const result = decodeEvent(name, JSON.stringify(mutated) ?? '');
        if (result.ok) expect(validEvent(result.event)).toBe(true);
        else expect(['unknown-event', 'malformed', 'ignored']).toContain(result.error.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('yields well-typed events from every valid recorded event', () => {
    for (const { name, data } of recorded) {
      const result = decodeEvent(name, data);
      if (result.ok) expect(validEvent(result.event), name).toBe(true);
    }
  });
});

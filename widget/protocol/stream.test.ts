import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatEvent, DecodeError } from './events';
import { randomChunks } from '../testing/random';
import { createEventStream } from './stream';

const fixtures = new URL('./fixtures/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');

interface Output {
  events: { event: ChatEvent; entryId: string; eventId: string | undefined }[];
  errors: DecodeError[];
  activity: number;
}

function run(chunks: string[]): Output {
  const out: Output = { events: [], errors: [], activity: 0 };
  const stream = createEventStream({
    onEvent: (event, entryId, { id: eventId }) => out.events.push({ event, entryId, eventId }),
    onError: (error) => out.errors.push(error),
    onActivity: () => out.activity++,
  });
  for (const chunk of chunks) stream.feed(chunk);
  return out;
}

describe('createEventStream on recorded streams', () => {
  const names = readdirSync(fixtures).filter((f) => f.endsWith('.sse'));

  it.each(names)('%s decodes the same whatever the chunk sizes', (name) => {
    const text = read(name);
    const whole = run([text]);
    for (let seed = 1; seed <= 50; seed++) expect(run(randomChunks(text, seed)), `seed ${seed}`).toEqual(whole);
    expect(run(randomChunks(text.replace(/\n/g, '\r\n'), 7))).toEqual(whole);
  });

  it('decodes every event of every-event.sse into the expected chat events', () => {
    const { events, errors } = run([read('every-event.sse')]);
    expect(events.map((e) => e.event.kind)).toEqual([
      'routing', 'message', 'message', 'receipt', 'receipt', 'typing', 'progress',
      'token', 'token', 'token', 'token', 'token', 'token-invalid', 'typing',
      'message', 'message', 'message', 'routing', 'participant', 'closed',
    ]);
    // Durable events carry their SSE id; ephemeral ones (typing, tokens) none.
    expect(events.map((e) => e.eventId ?? '-').join(' ')).toBe('1 2 3 4 5 - - - - - - - - - 6 7 8 12 13 14');
    expect(errors).toEqual([
      { kind: 'unknown-event', name: 'CONVERSATION_SOMETHING_NEW' },
      { kind: 'malformed', name: 'CONVERSATION_MESSAGE', reason: 'conversationEntry is missing or invalid' },
      { kind: 'malformed', name: 'CONVERSATION_MESSAGE', reason: 'abstractMessage is missing or invalid' },
    ]);
  });

  it('decodes message shapes, senders, receipts, routing, participants and close', () => {
    const { events } = run([read('every-event.sse')]);
    const at = (i: number) => events[i]!.event;
    expect(at(1)).toEqual({
      kind: 'message', id: 'welcome-1', from: { role: 'Chatbot', id: 'bot-aria', name: 'Aria' },
      content: { type: 'text', text: "Hi, I'm **Aria**. How can I help?" }, at: 1744651778654,
      meta: { modelsUsed: ['aria-demo-1'], toolsUsed: [] },
    });
    expect(at(2)).toMatchObject({ kind: 'message', id: 'visitor-1', from: { role: 'EndUser' } });
    expect(at(3)).toEqual({ kind: 'receipt', messageId: 'visitor-1', state: 'delivered' });
    expect(at(4)).toEqual({ kind: 'receipt', messageId: 'visitor-1', state: 'read' }); // payload given as an object
    expect(at(6)).toEqual({ kind: 'progress', text: 'Searching the catalogue…' });
    expect(at(8)).toMatchObject({ kind: 'token', target: 'reply-1', seq: 3, text: 'few ' });
    expect(at(12)).toEqual({ kind: 'token-invalid', target: 'reply-0', seq: 5, reason: 'hallucination' });
    expect(at(14)).toMatchObject({
      content: {
        type: 'carousel', text: 'Here are a few options.',
        cards: [
          { title: 'Comfort Headphones', subtitle: '$89.99', image: { url: 'https://cdn.example.com/headphones.png', alt: 'Headphones' }, options: [{ id: 'buy-1', title: 'Buy' }] },
          { title: 'Studio Monitors', subtitle: '$149.00', image: { url: 'https://cdn.example.com/monitors.png', alt: '' }, options: [] },
        ],
      },
      meta: { toolsUsed: ['catalogue_search'] },
    });
    expect(at(15)).toMatchObject({ content: { type: 'choices', style: 'quick-replies', text: 'Did that answer your question?', options: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] } });
    expect(at(16)).toMatchObject({ content: { type: 'link', text: 'Our returns policy:', url: 'https://example.com/returns', title: 'Returns & refunds' } });
    expect(at(17)).toEqual({ kind: 'routing', transfer: true, waitSeconds: 90 });
    expect(at(18)).toEqual({ kind: 'participant', changes: [{ op: 'add', who: { role: 'Agent', id: 'agent-alex', name: 'Alex' } }] });
    expect(at(19)).toEqual({ kind: 'closed', reason: 'Agent' });
  });

  it('decodes a stream recorded from the gateway: the tokens add up to the final message', () => {
    const { events, errors } = run([read('demo-conversation.sse')]);
    expect(errors).toEqual([]);
    const tokens = events.flatMap(({ event }) => (event.kind === 'token' ? [event] : []));
    const final = events.map((e) => e.event).filter((e) => e.kind === 'message').at(-1)!;
    expect(tokens.map((t) => t.seq)).toEqual(tokens.map((_, i) => i + 1));
    expect(final.kind === 'message' && final.content).toEqual({ type: 'text', text: tokens.map((t) => t.text).join('') });
    expect(new Set(tokens.map((t) => t.target))).toEqual(new Set([final.kind === 'message' && final.id]));
  });

  it('counts pings and events as activity (the silence watchdog feeds on it)', () => {
    expect(run([': ping\n\n: ping\n\n']).activity).toBe(2);
  });

  it('refuses a 5 MiB event with one error, without buffering it, and goes on with the next', () => {
    const huge = `event: CONVERSATION_MESSAGE\ndata: ${'x'.repeat(5 << 20)}\n\n`;
    const next = read('every-event.sse');
    const chunks = Array.from({ length: Math.ceil(huge.length / 65_536) }, (_, i) => huge.slice(i * 65_536, (i + 1) * 65_536));
    const { errors, events } = run([...chunks, next]);
    expect(errors.filter((e) => e.name === 'stream')).toHaveLength(1);
    expect(errors).toHaveLength(1 + 3); // the overflow, then the fixture's own three bad events
    expect(events.length).toBe(20);
  });
});

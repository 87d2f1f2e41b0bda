import { describe, expect, it } from 'vitest';
import type { ChatEvent, Participant } from '../protocol';
import { createTabLog } from './tab-log';

const aria: Participant = { role: 'Chatbot', id: 'bot', name: 'Aria' };
const message = (id: string): ChatEvent => ({ kind: 'message', id, from: aria, content: { type: 'text', text: id }, at: 1 });
const token = (target: string, seq: number): ChatEvent => ({ kind: 'token', target, seq, text: 'x', from: aria });
const sse = (event: string, id?: string) => ({ event, data: event, ...(id && { id }) });

describe('createTabLog', () => {
  it('keeps durable events and the tokens of replies still streaming; a final message ends its own tokens, typing and progress', () => {
    const log = createTabLog();
    log.add('m1', sse('m1', '1'), message('m1'));
    log.add('typing', sse('typing'), { kind: 'typing', from: aria, on: true });
    log.add('a1', sse('a1'), token('a', 1));
    log.add('b1', sse('b1'), token('b', 1));
    expect(log.add('a1', sse('a1'), token('a', 1))).toBe(false); // had it
    log.add('a', sse('a', '2'), message('a'));
    expect(log.messages().map((m) => m.event)).toEqual(['m1', 'b1', 'a']);
  });

  it('is bounded: the oldest go first', () => {
    const log = createTabLog(2);
    for (const id of ['1', '2', '3']) log.add(id, sse(id, id), message(id));
    expect(log.messages().map((m) => m.id)).toEqual(['2', '3']);
  });
});

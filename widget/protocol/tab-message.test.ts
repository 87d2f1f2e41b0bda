import { describe, expect, it } from 'vitest';
import { decodeTabMessage } from './tab-message';

describe('decodeTabMessage', () => {
  it('takes each message the tabs send', () => {
    const message = { event: 'CONVERSATION_MESSAGE', data: '{}', id: '7' };
    for (const valid of [
      { type: 'event', messages: [message] },
      { type: 'event', messages: [{ event: 'CONVERSATION_STREAMING_TOKEN', data: '{}' }] },
      { type: 'history', messages: [message, { data: '{}' }] },
      { type: 'history', messages: [] },
      { type: 'status', status: 'reconnecting' },
      { type: 'join' },
    ]) expect(decodeTabMessage(valid)).toEqual(valid);
  });

  it('drops anything else another script may post on the channel', () => {
    for (const junk of [
      null, 'event', [], { type: 'event' }, { type: 'event', messages: [{ event: 'X' }] }, { type: 'event', messages: [{ event: 'X', data: 1 }] },
      { type: 'history', messages: 'all' }, { type: 'history', messages: [{ data: '{}' }, null] }, { type: 'status', status: 'exploded' },
      { type: 'status' }, { type: '__proto__' }, { type: ['join'] },
    ]) expect(decodeTabMessage(junk)).toBeNull();
  });

  it('keeps only the fields it knows, and only well-typed ones', () => {
    expect(decodeTabMessage({ type: 'join', tab: '<script>' })).toEqual({ type: 'join' });
    const [decoded] = (decodeTabMessage({ type: 'event', messages: [{ event: 7, data: 'd', id: {}, extra: 1 }] }) as { messages: object[] }).messages;
    expect(Object.entries(decoded!).filter(([, v]) => v !== undefined)).toEqual([['data', 'd']]);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeTabMessage } from './tab-message';

describe('decodeTabMessage', () => {
  it('takes each message the tabs send', () => {
    const message = { name: 'CONVERSATION_MESSAGE', data: '{}', id: '7' };
    for (const valid of [
      { type: 'event', message },
      { type: 'event', message: { name: 'CONVERSATION_STREAMING_TOKEN', data: '{}' } },
      { type: 'status', status: 'reconnecting' },
      { type: 'join', tab: 't1' },
      { type: 'history', tab: 't1', messages: [message], status: 'open' },
    ]) expect(decodeTabMessage(valid)).toEqual(valid);
  });

  it('drops anything else another script may post on the channel', () => {
    for (const junk of [
      null, 'event', [], { type: 'event' }, { type: 'event', message: { name: 'X' } }, { type: 'event', message: { name: 'X', data: 1 } },
      { type: 'status', status: 'exploded' }, { type: 'join' }, { type: 'history', tab: 't1', messages: [{ name: 'X' }], status: 'open' },
      { type: 'history', tab: 't1', messages: 'all', status: 'open' }, { type: '__proto__' },
    ]) expect(decodeTabMessage(junk)).toBeNull();
  });

  it('keeps only the fields it knows', () => {
    expect(decodeTabMessage({ type: 'join', tab: 't1', extra: '<script>' })).toEqual({ type: 'join', tab: 't1' });
  });
});

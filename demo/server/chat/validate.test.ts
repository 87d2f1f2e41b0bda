import { describe, expect, it } from 'vitest';
import { validateChatRequest } from './validate';

const id = '13427e90-f76a-47c2-a26d-ea0b4f1836c5';

describe('validateChatRequest', () => {
  it.each([
    ['not an object', [], /body must be a JSON object/],
    ['a missing conversation id', { eventType: 'startSession' }, /platformConversationId must be a UUID/],
    ['a conversation id that is not a UUID', { platformConversationId: 'abc', eventType: 'startSession' }, /platformConversationId must be a UUID/],
    ['an unknown eventType', { platformConversationId: id, eventType: 'hello' }, /eventType must be one of startSession, message, endSession, metadata, stop; got "hello"/],
    ['a missing eventType', { platformConversationId: id }, /eventType must be one of .*; got null/],
    ['a message without text', { platformConversationId: id, eventType: 'message' }, /text is required for eventType "message"/],
    ['a message with blank text', { platformConversationId: id, eventType: 'message', text: '   ' }, /text is required/],
    ['a message with non-string text', { platformConversationId: id, eventType: 'message', text: 42 }, /text is required/],
    ['text over 4000 characters', { platformConversationId: id, eventType: 'message', text: 'x'.repeat(4001) }, /text must be at most 4000 characters; got 4001/],
    ['a negative cardIndex', { platformConversationId: id, eventType: 'message', text: 'Buy', cardIndex: -1 }, /cardIndex must be a non-negative integer/],
    ['a fractional cardIndex', { platformConversationId: id, eventType: 'message', text: 'Buy', cardIndex: 1.5 }, /cardIndex must be a non-negative integer/],
    ['a string cardIndex', { platformConversationId: id, eventType: 'message', text: 'Buy', cardIndex: '1' }, /cardIndex must be a non-negative integer/],
    ['a bad messageId', { platformConversationId: id, eventType: 'message', text: 'hi', messageId: 'has spaces' }, /messageId must be a string of 1 to 100/],
    ['metadata as an object', { platformConversationId: id, eventType: 'metadata', metadata: { user_id: '1' } }, /metadata must be an array of \{"key","value"\} string pairs, not object/],
    ['metaData as an object', { platformConversationId: id, eventType: 'metadata', metaData: { user_id: '1' } }, /metadata must be an array/],
    ['a metadata pair with a number value', { platformConversationId: id, eventType: 'metadata', metadata: [{ key: 'a', value: 1 }] }, /metadata\[0\] must be \{"key"/],
    ['a metadata pair without key', { platformConversationId: id, eventType: 'startSession', metadata: [{ value: 'x' }] }, /metadata\[0\] must be/],
    ['a metadata value over 1000 characters', { platformConversationId: id, eventType: 'metadata', metadata: [{ key: 'k', value: 'v'.repeat(1001) }] }, /metadata\[0\]: keys are at most 100 characters and values at most 1000/],
    ['too many metadata pairs', { platformConversationId: id, eventType: 'metadata', metadata: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }, /at most 50/],
    ['metadata on endSession', { platformConversationId: id, eventType: 'endSession', metadata: [{ key: 'a', value: 'b' }] }, /endSession takes no metadata/],
    ['metadata on stop', { platformConversationId: id, eventType: 'stop', metadata: [{ key: 'a', value: 'b' }] }, /stop takes no metadata/],
    ['attachments that are not an array', { platformConversationId: id, eventType: 'message', attachments: { id: 'f1' } }, /attachments must be an array of \{"id","name","type","size"\}/],
    ['an attachment without an id', { platformConversationId: id, eventType: 'message', attachments: [{ name: 'a.csv', type: 'csv', size: 1 }] }, /attachments\[0\]\.id must be the id POST \/api\/files answered/],
    ['an attachment with a negative size', { platformConversationId: id, eventType: 'message', attachments: [{ id: 'f1', name: 'a.csv', type: 'csv', size: -1 }] }, /attachments\[0\]\.size must be/],
    ['an attachment without a name', { platformConversationId: id, eventType: 'message', attachments: [{ id: 'f1', name: '', type: 'csv', size: 1 }] }, /attachments\[0\] needs a non-empty "name" and "type"/],
    ['the same file twice', { platformConversationId: id, eventType: 'message', attachments: [{ id: 'f1', name: 'a', type: 'csv', size: 1 }, { id: 'f1', name: 'a', type: 'csv', size: 1 }] }, /attachments\[1\] repeats the file f1/],
    ['eleven attachments', { platformConversationId: id, eventType: 'message', attachments: Array.from({ length: 11 }, (_, i) => ({ id: `f${i}`, name: 'a', type: 'csv', size: 1 })) }, /at most 10 are allowed per message/],
    ['an empty attachment list and no text', { platformConversationId: id, eventType: 'message', attachments: [] }, /text is required/],
    ['attachments on startSession', { platformConversationId: id, eventType: 'startSession', attachments: [] }, /attachments go with eventType "message" only/],
    ['a metadata event without metadata', { platformConversationId: id, eventType: 'metadata' }, /metadata is required for eventType "metadata"/],
  ])('refuses %s, naming the problem', (_, body, message) => {
    const result = validateChatRequest(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  it('accepts each event type and normalises metaData and the id case', () => {
    expect(validateChatRequest({ platformConversationId: id, eventType: 'stop', text: 'ignored' })).toEqual({ ok: true, value: { platformConversationId: id, eventType: 'stop' } });
    expect(validateChatRequest({ platformConversationId: id.toUpperCase(), eventType: 'startSession', metaData: [{ key: 'user_id', value: '1234' }] })).toEqual({
      ok: true, value: { platformConversationId: id, eventType: 'startSession', metadata: [{ key: 'user_id', value: '1234' }] },
    });
    expect(validateChatRequest({ platformConversationId: id, eventType: 'message', text: 'Buy', cardIndex: 1, messageId: 'm-1' })).toEqual({
      ok: true, value: { platformConversationId: id, eventType: 'message', text: 'Buy', cardIndex: 1, messageId: 'm-1' },
    });
    const file = { id: 'f-1', name: 'data.csv', type: 'csv', size: 28 };
    expect(validateChatRequest({ platformConversationId: id, eventType: 'message', messageId: 'm-2', attachments: [{ ...file, url: 'https://x/' }] })).toEqual({
      ok: true, value: { platformConversationId: id, eventType: 'message', text: '', messageId: 'm-2', attachments: [file] },
    });
    expect(validateChatRequest({ platformConversationId: id, eventType: 'endSession' })).toEqual({ ok: true, value: { platformConversationId: id, eventType: 'endSession' } });
  });
});

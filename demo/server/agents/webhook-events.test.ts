import { describe, expect, it } from 'vitest';
import { WebhookInvalid, decodeWebhook } from './webhook-events';

const C = 'C0FFEE00-0000-4000-8000-000000000001';
const body = (data: Record<string, unknown>) => ({ botId: 'bot-1', data: { platformConversationId: C, ...data } });

function refusal(data: Record<string, unknown>): string {
  try {
    decodeWebhook(body(data));
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookInvalid);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(data)}`);
}

describe('decodeWebhook', () => {
  it('decodes every event type into its typed form, the conversation id lower-cased', () => {
    const id = C.toLowerCase();
    expect(decodeWebhook({ data: { eventType: 'isTeamOnline' } })).toEqual({ eventType: 'isTeamOnline' });
    expect(decodeWebhook(body({ eventType: 'escalate' }))).toEqual({ eventType: 'escalate', conversationId: id });
    expect(decodeWebhook(body({ eventType: 'sendMessage', type: 'text', text: 'Hi', replyId: 'q1', messageId: 'a1', senderName: 'Alex', senderRole: 'Agent' }))).toEqual({
      eventType: 'sendMessage', conversationId: id, type: 'text', text: 'Hi', buttons: [], replyId: 'q1', messageId: 'a1', senderName: 'Alex', senderRole: 'Agent',
    });
    expect(decodeWebhook(body({ eventType: 'sendMessage', type: 'text', buttons: [{ type: 'link', text: 'Docs', url: 'https://x.example/' }] }))).toEqual({
      eventType: 'sendMessage', conversationId: id, type: 'text', text: '', buttons: [{ type: 'link', text: 'Docs', url: 'https://x.example/' }],
    });
    expect(decodeWebhook(body({ eventType: 'typing', on: false }))).toEqual({ eventType: 'typing', conversationId: id, on: false });
    expect(decodeWebhook(body({ eventType: 'progress', text: 'Searching…' }))).toEqual({ eventType: 'progress', conversationId: id, text: 'Searching…' });
    expect(decodeWebhook(body({ eventType: 'streamToken', messageId: 'a2', sequence: 3, text: ' world' }))).toEqual({
      eventType: 'streamToken', conversationId: id, messageId: 'a2', sequence: 3, text: ' world',
    });
    expect(decodeWebhook(body({ eventType: 'streamInvalid', messageId: 'a2' }))).toEqual({ eventType: 'streamInvalid', conversationId: id, messageId: 'a2' });
    expect(decodeWebhook(body({ eventType: 'read', messageIds: ['m1', 'm2', 'm1'] }))).toEqual({ eventType: 'read', conversationId: id, messageIds: ['m1', 'm2'] });
    expect(decodeWebhook(body({ eventType: 'participant', operation: 'add', displayName: 'Alex', role: 'Agent' }))).toEqual({
      eventType: 'participant', conversationId: id, operation: 'add', displayName: 'Alex', role: 'Agent',
    });
    expect(decodeWebhook(body({ eventType: 'endConversation', reason: 'Timeout' }))).toEqual({ eventType: 'endConversation', conversationId: id, reason: 'Timeout' });
  });

  it('refuses each bad field with a message naming it', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ eventType: 'dance' }, 'data.eventType "dance" is not one the gateway knows; use one of sendMessage, typing, progress, streamToken, streamInvalid, delivered, read, participant, endConversation, escalate, isTeamOnline.'],
      [{ eventType: 'typing', platformConversationId: 7, on: true }, 'data.platformConversationId must be the conversation\'s id (a string); got 7.'],
      [{ eventType: 'typing', on: 'yes' }, 'data.on must be true or false; got "yes".'],
      [{ eventType: 'typing' }, 'data.on must be true or false; got nothing.'],
      [{ eventType: 'progress', text: '' }, 'data.text must be a non-empty string of at most 500 characters; got "".'],
      [{ eventType: 'progress', text: 'x'.repeat(501) }, `data.text must be a non-empty string of at most 500 characters; got "${'x'.repeat(501)}".`],
      [{ eventType: 'streamToken', messageId: 'a', sequence: 0, text: 'x' }, 'data.sequence must be a whole number from 1 to 1000000; got 0.'],
      [{ eventType: 'streamToken', messageId: 'a', sequence: 1.5, text: 'x' }, 'data.sequence must be a whole number from 1 to 1000000; got 1.5.'],
      [{ eventType: 'streamToken', messageId: 'a b', sequence: 1, text: 'x' }, 'data.messageId must be an id of 1 to 100 letters, digits, "-", "_", "." or ":"; got "a b".'],
      [{ eventType: 'streamToken', messageId: 'a', sequence: 1 }, 'data.text must be a string of at most 4000 characters; got nothing.'],
      [{ eventType: 'streamInvalid' }, 'data.messageId must be an id of 1 to 100 letters, digits, "-", "_", "." or ":"; got nothing.'],
      [{ eventType: 'delivered', messageIds: [] }, 'data.messageIds must be an array of 1 to 100 visitor message ids; got [].'],
      [{ eventType: 'read', messageIds: 'm1' }, 'data.messageIds must be an array of 1 to 100 visitor message ids; got "m1".'],
      [{ eventType: 'participant', operation: 'join', displayName: 'Alex', role: 'Agent' }, 'data.operation must be "add" or "remove"; got "join".'],
      [{ eventType: 'participant', operation: 'add', displayName: ' ', role: 'Agent' }, 'data.displayName must be a non-empty string of at most 100 characters; got " ".'],
      [{ eventType: 'participant', operation: 'add', displayName: 'Alex', role: 'EndUser' }, 'data.role must be "Agent" or "Chatbot"; got "EndUser".'],
      [{ eventType: 'endConversation', reason: 'EndUser' }, 'data.reason must be "Agent" or "Timeout"; got "EndUser".'],
      [{ eventType: 'sendMessage', type: 'text', text: 'hi', senderRole: 'System' }, 'data.senderRole must be "Chatbot" or "Agent"; got "System".'],
      [{ eventType: 'sendMessage', type: 'text', text: 'hi', senderName: 42 }, 'data.senderName must be a non-empty string of at most 100 characters; got 42.'],
      [{ eventType: 'sendMessage', type: 'text', text: 'hi', messageId: '' }, 'data.messageId must be an id of 1 to 100 letters, digits, "-", "_", "." or ":"; got "".'],
      [{ eventType: 'sendMessage', type: 'text', text: 'hi', replyId: 5 }, 'data.replyId must be an id of 1 to 100 letters, digits, "-", "_", "." or ":"; got 5.'],
      [{ eventType: 'sendMessage', type: 'text' }, 'data.text must be a non-empty string of at most 20000 characters; got nothing.'],
      [{ eventType: 'sendMessage', type: 'video' }, 'data.type must be "text" or "carousel"; got "video".'],
      [{ eventType: 'sendMessage', type: 'text', text: 'hi', buttons: {} }, 'data.buttons must be an array.'],
    ];
    for (const [data, message] of cases) expect(refusal(data), JSON.stringify(data)).toBe(message);
    expect(() => decodeWebhook({ data: [] })).toThrow('The body must be {"botId": "…", "data": {"eventType": "…", …}}.');
    expect(() => decodeWebhook(null)).toThrow(WebhookInvalid);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeEvent } from './decode';
import { SSE_EVENT } from './wire';

describe('decodeEvent', () => {
  it('knows every event name of PROTOCOL §2 and nothing else', () => {
    for (const name of Object.values(SSE_EVENT)) {
      expect(decodeEvent(name, '{}').ok === false && decodeEvent(name, '{}')).toMatchObject({ error: { kind: 'malformed' } });
    }
    for (const name of ['CONVERSATION_MESSAGES', 'conversation_message', 'MESSAGE', 'CONVERSATION_TYPING_INDICATOR', '', '__proto__', 'toString', 'constructor']) {
      expect(decodeEvent(name, '{}')).toEqual({ ok: false, error: { kind: 'unknown-event', name } });
    }
  });

  it('reads a stopped reply from agentMeta.stopped, taking anything but true as not stopped', () => {
    const event = (agentMeta: unknown) => JSON.stringify({
      conversationEntry: {
        identifier: 'e1', sender: { role: 'Chatbot', subject: 'bot' }, senderDisplayName: 'Nova',
        entryPayload: JSON.stringify({ entryType: 'Message', id: 'm1', abstractMessage: { messageType: 'StaticContentMessage', id: 'm1', staticContent: { formatType: 'Text', text: 'Half' }, agentMeta } }),
      },
    });
    const meta = (agentMeta: unknown) => {
      const result = decodeEvent(SSE_EVENT.message, event(agentMeta));
      return result.ok && result.event.kind === 'message' ? result.event.meta : 'not decoded';
    };
    expect(meta({ modelsUsed: ['m'], toolsUsed: [], stopped: true })).toEqual({ modelsUsed: ['m'], toolsUsed: [], stopped: true });
    expect(meta({ stopped: true })).toEqual({ stopped: true });
    expect(meta({ modelsUsed: ['m'], stopped: 'yes' })).toEqual({ modelsUsed: ['m'] });
    expect(meta({ stopped: false })).toBeUndefined();
  });

  it('never throws on hostile data', () => {
    for (const data of ['', 'null', '[]', '"str"', '{"conversationEntry":null}', '{"conversationEntry":{"entryPayload":"{]"}}', '{"__proto__":{"x":1}}', 'x'.repeat(10_000)]) {
      expect(decodeEvent('CONVERSATION_MESSAGE', data).ok).toBe(false);
    }
  });

  it('decodes every entry of a participant change, and refuses one whose entries are not all changes', () => {
    const entry = (entries: unknown[]) => JSON.stringify({
      conversationEntry: {
        identifier: 'e-1', entryType: 'ParticipantChanged', sender: { role: 'System', subject: 's' },
        entryPayload: JSON.stringify({ entryType: 'ParticipantChanged', id: 'pc-1', entries }),
      },
    });
    const aria = { operation: 'remove', displayName: 'Aria', participant: { role: 'Chatbot', appType: 'chatbot', subject: 'bot-aria' } };
    const alex = { operation: 'add', displayName: 'Alex', participant: { role: 'Agent', appType: 'agent', subject: 'agent-alex' } };
    expect(decodeEvent('CONVERSATION_PARTICIPANT_CHANGED', entry([aria, alex]))).toEqual({
      ok: true,
      entryId: 'e-1',
      event: {
        kind: 'participant',
        changes: [
          { op: 'remove', who: { role: 'Chatbot', id: 'bot-aria', name: 'Aria' } },
          { op: 'add', who: { role: 'Agent', id: 'agent-alex', name: 'Alex' } },
        ],
      },
    });
    expect(decodeEvent('CONVERSATION_PARTICIPANT_CHANGED', entry([alex, { operation: 'wave' }]))).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(decodeEvent('CONVERSATION_PARTICIPANT_CHANGED', entry([]))).toEqual({ ok: false, error: { kind: 'ignored', name: 'CONVERSATION_PARTICIPANT_CHANGED' } });
  });

  it("decodes a visitor message's files, leaving out any without an id, name, type or size; and a files-only message's empty text", () => {
    const files = [
      { id: 'f1', name: 'data.csv', type: 'csv', size: 28, url: 'https://gw/api/files/get?f=f1' },
      { id: 'f2', name: 'chart.png', type: 'png', size: 120 },
      { id: 'f3', name: 'no-size.pdf', type: 'pdf' },
      { name: 'no-id.png', type: 'png', size: 1 },
      'not an object',
    ];
    const data = JSON.stringify({
      conversationEntry: {
        identifier: 'e1', sender: { role: 'EndUser', subject: 'v' },
        entryPayload: JSON.stringify({ entryType: 'Message', id: 'm1', abstractMessage: { messageType: 'StaticContentMessage', id: 'm1', staticContent: { formatType: 'Text', text: '' }, attachments: files } }),
      },
    });
    const result = decodeEvent(SSE_EVENT.message, data);
    expect(result.ok && result.event.kind === 'message' && [result.event.content, result.event.files]).toEqual([
      { type: 'text', text: '' },
      [files[0], files[1]],
    ]);
  });
});

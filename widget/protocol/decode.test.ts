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

  it('never throws on hostile data', () => {
    for (const data of ['', 'null', '[]', '"str"', '{"conversationEntry":null}', '{"conversationEntry":{"entryPayload":"{]"}}', '{"__proto__":{"x":1}}', 'x'.repeat(10_000)]) {
      expect(decodeEvent('CONVERSATION_MESSAGE', data).ok).toBe(false);
    }
  });
});

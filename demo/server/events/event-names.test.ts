import { describe, expect, it } from 'vitest';
import { SSE_EVENT } from '../../../widget/protocol/wire';
import { EVENT_NAME, eventNameOf } from './event-names';

describe('the event-name table', () => {
  it('gives every SSE event name to exactly one entryType', () => {
    expect(Object.values(EVENT_NAME).sort()).toEqual(Object.values(SSE_EVENT).sort());
  });

  it('names an event by its payload', () => {
    expect(eventNameOf({ entryType: 'Message', id: 'm', abstractMessage: { messageType: 'StaticContentMessage', id: 'm', staticContent: { formatType: 'Text', text: 'hi' } } })).toBe('CONVERSATION_MESSAGE');
    expect(eventNameOf({ entryType: 'TypingStoppedIndicator', id: 't', timestamp: 1 })).toBe('CONVERSATION_TYPING_STOPPED_INDICATOR');
    expect(eventNameOf({ entryType: 'CloseConversation', id: 'c', reason: 'Agent' })).toBe('CONVERSATION_CLOSE_CONVERSATION');
  });
});

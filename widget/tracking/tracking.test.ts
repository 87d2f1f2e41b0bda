import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import type { Chat } from '../chat/chat';
import type { ChatNotice } from '../chat/notices';
import { createChatState } from '../chat/model';
import { createFakeTimers } from '../testing/fake-timers';
import type { TrackCall } from '../protocol';
import { createPendoSink } from './sink';
import { trackChat } from './track-chat';

function call(messageId: string): TrackCall {
  return {
    eventType: 'prompt',
    agenticProperties: {
      agentId: 'a', conversationId: 'c', messageId, content: 'x', agentModelsUsed: [], suggestedPrompt: false, toolsUsed: [], agentFilesUploaded: [],
    },
    properties: {},
  };
}

describe('createPendoSink', () => {
  it('calls trackAgent at once when Pendo is there', () => {
    const trackAgent = vi.fn();
    const sink = createPendoSink({ getPendo: () => ({ trackAgent }), timers: createFakeTimers() });
    sink.track(call('m1'));
    expect(trackAgent).toHaveBeenCalledWith('prompt', call('m1').agenticProperties, {});
  });

  it('queues until Pendo loads late, then flushes in order', () => {
    const timers = createFakeTimers();
    let pendo: unknown;
    const sink = createPendoSink({ getPendo: () => pendo, timers });
    sink.track(call('m1'));
    sink.track(call('m2'));
    timers.advance(3000);
    const trackAgent = vi.fn();
    pendo = { trackAgent };
    timers.advance(500);
    expect(trackAgent.mock.calls.map((c) => c[1].messageId)).toEqual(['m1', 'm2']);
    expect(timers.pending()).toBe(0);
  });

  it('keeps only the newest calls while Pendo is missing, with one warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const timers = createFakeTimers();
    let pendo: unknown;
    const sink = createPendoSink({ getPendo: () => pendo, timers, maxQueue: 2 });
    for (const id of ['m1', 'm2', 'm3', 'm4']) sink.track(call(id));
    const trackAgent = vi.fn();
    pendo = { trackAgent };
    timers.advance(500);
    expect(trackAgent.mock.calls.map((c) => c[1].messageId)).toEqual(['m3', 'm4']);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('survives a throwing trackAgent, warning once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const trackAgent = vi.fn(() => {
      throw new Error('boom');
    });
    const sink = createPendoSink({ getPendo: () => ({ trackAgent }), timers: createFakeTimers() });
    expect(() => {
      sink.track(call('m1'));
      sink.track(call('m2'));
    }).not.toThrow();
    expect(trackAgent).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

describe('trackChat', () => {
  function fakeChat() {
    const listeners = new Set<(n: ChatNotice) => void>();
    const chat = {
      state: createChatState('conv-9'),
      subscribe: (fn: (n: ChatNotice) => void) => (listeners.add(fn), () => listeners.delete(fn)),
    } as unknown as Chat;
    return { chat, emit: (n: ChatNotice) => listeners.forEach((fn) => fn(n)) };
  }

  it('maps prompts and final responses to trackAgent calls with every PROTOCOL §4 field', () => {
    const { chat, emit } = fakeChat();
    const calls: TrackCall[] = [];
    trackChat(chat, (c) => calls.push(c), { agentId: 'support-bot', agentModelsUsed: ['default-model'], properties: { experiment: 'b' } });
    emit({ type: 'prompt', item: { kind: 'visitor', id: 'p1', text: 'Yes', at: 1, suggested: true, send: signal('sent'), error: signal(null) } });
    emit({
      type: 'response', durationMs: 420, shared: false,
      item: {
        kind: 'agent', id: 'r1', from: { role: 'Chatbot', id: 'b', name: 'Aria' }, at: 2,
        content: { type: 'choices', style: 'buttons', text: 'Pick one', options: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }] },
        meta: { toolsUsed: ['search'] }, reaction: signal(null), commentOpen: signal(false),
      },
    });
    emit({ type: 'message', item: { kind: 'agent', id: 'r1', from: { role: 'Chatbot', id: 'b', name: 'Aria' }, at: 2, content: { type: 'text', text: 'x' }, reaction: signal(null), commentOpen: signal(false) } });
    const file = (name: string, type: string) => ({ name, type, size: 9, id: `f-${name}`, progress: signal(1), error: signal(null) });
    emit({ type: 'prompt', item: { kind: 'visitor', id: 'p2', text: '', at: 3, suggested: false, files: [file('data.csv', 'csv'), file('chart.png', 'png')], send: signal('sent'), error: signal(null) } });
    const base = { agentId: 'support-bot', conversationId: 'conv-9', agentFilesUploaded: [] };
    expect(calls.pop()).toEqual({
      eventType: 'prompt',
      agenticProperties: {
        ...base, messageId: 'p2', content: '', agentModelsUsed: ['default-model'], suggestedPrompt: false, toolsUsed: [],
        agentFilesUploaded: [{ type: 'csv', name: 'data.csv' }, { type: 'png', name: 'chart.png' }],
      },
      properties: { experiment: 'b' },
    });
    expect(calls).toEqual([
      {
        eventType: 'prompt',
        agenticProperties: { ...base, messageId: 'p1', content: 'Yes', agentModelsUsed: ['default-model'], suggestedPrompt: true, toolsUsed: [] },
        properties: { experiment: 'b' },
      },
      {
        eventType: 'agent_response',
        agenticProperties: { ...base, messageId: 'r1', content: 'Pick one\nA\nB', agentModelsUsed: ['default-model'], suggestedPrompt: false, toolsUsed: ['search'] },
        properties: { duration: 420, experiment: 'b' },
      },
    ]);
  });

  it('maps reaction changes to user_reaction calls carrying the response models and tools', () => {
    const { chat, emit } = fakeChat();
    const calls: TrackCall[] = [];
    trackChat(chat, (c) => calls.push(c), { agentId: 'support-bot', agentModelsUsed: ['default-model'], properties: { experiment: 'b' } });
    const item = {
      kind: 'agent' as const, id: 'r1', from: { role: 'Chatbot' as const, id: 'b', name: 'Aria' }, at: 2,
      content: { type: 'text' as const, text: 'Hi' }, meta: { modelsUsed: ['m-1'], toolsUsed: ['search'] }, reaction: signal(null), commentOpen: signal(false),
    };
    emit({ type: 'reaction', item, reaction: 'negative' });
    emit({ type: 'reaction', item, reaction: 'positive', comment: 'Spot on' });
    emit({ type: 'reaction', item, reaction: 'unreact' });
    const agentic = (content: string) => ({
      agentId: 'support-bot', conversationId: 'conv-9', messageId: 'r1', content, agentModelsUsed: ['m-1'],
      suggestedPrompt: false, toolsUsed: ['search'], agentFilesUploaded: [],
    });
    expect(calls).toEqual([
      { eventType: 'user_reaction', agenticProperties: agentic('negative'), properties: { experiment: 'b' } },
      // The comment travels in the reaction's own event (PROTOCOL §4), whichever the reaction.
      { eventType: 'user_reaction', agenticProperties: { ...agentic('positive'), agentUserReactionComments: ['Spot on'] }, properties: { experiment: 'b' } },
      { eventType: 'user_reaction', agenticProperties: agentic('unreact'), properties: { experiment: 'b' } },
    ]);
  });
});

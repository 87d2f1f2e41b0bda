import { describe, expect, it } from 'vitest';
import type { ChatEvent, Participant } from '../protocol';
import { applyEvent } from './apply';
import { type ChatState, type StreamItem, type VisitorItem, createChatState } from './model';
import { signal } from '@preact/signals';

const aria: Participant = { role: 'Chatbot', id: 'bot-1', name: 'Aria' };
const visitor: Participant = { role: 'EndUser', id: 'v', name: '' };

const text = (id: string, body: string, from = aria): ChatEvent => ({
  kind: 'message', id, from, content: { type: 'text', text: body }, at: 1000,
});
const token = (seq: number, t: string, target = 'reply-1'): ChatEvent => ({ kind: 'token', target, seq, text: t, from: aria });

function state(): ChatState {
  return createChatState('conv-1');
}

function pendingVisitor(s: ChatState, id: string): VisitorItem {
  const item: VisitorItem = { kind: 'visitor', id, text: 'hi', at: 1, suggested: false, send: signal('pending'), error: signal(null) };
  s.items.value = [...s.items.value, item];
  return item;
}

describe('applyEvent', () => {
  it('appends an agent message once and returns it', () => {
    const s = state();
    const first = applyEvent(s, text('m1', 'Hello'), 5);
    expect(first).toMatchObject({ kind: 'agent', id: 'm1', content: { type: 'text', text: 'Hello' } });
    expect(applyEvent(s, text('m1', 'Hello'), 6)).toBeNull();
    expect(s.items.value).toHaveLength(1);
    expect(s.counterpart.value).toEqual(aria);
  });

  it('keeps the counterpart signal unchanged while the same person writes, and follows a renamed or new one', () => {
    const s = state();
    applyEvent(s, text('m1', 'Hello'), 5);
    const first = s.counterpart.value;
    let changes = 0;
    const stop = s.counterpart.subscribe(() => changes++);
    applyEvent(s, text('m2', 'Again', { ...aria }), 6); // an equal participant, decoded anew
    expect(s.counterpart.value).toBe(first);
    applyEvent(s, text('m3', 'Renamed', { ...aria, name: 'Aria 2' }), 7);
    expect(s.counterpart.value).toEqual({ ...aria, name: 'Aria 2' });
    applyEvent(s, text('m4', 'Someone else', { role: 'Agent', id: 'alex', name: 'Alex' }), 8);
    expect(s.counterpart.value).toEqual({ role: 'Agent', id: 'alex', name: 'Alex' });
    stop();
    expect(changes).toBe(3); // subscribe's first call, then the rename and the new person
  });

  it('reassembles tokens by sequence number, dropping repeats, and grows one item in place', () => {
    const s = state();
    applyEvent(s, token(1, 'Hel'), 1);
    const stream = s.items.value[0] as StreamItem;
    applyEvent(s, token(3, ' world'), 2); // early
    expect(stream.text.value).toBe('Hel');
    applyEvent(s, token(2, 'lo,'), 3);
    applyEvent(s, token(2, 'lo,'), 4); // repeat
    applyEvent(s, token(1, 'Hel'), 5); // repeat
    expect(stream.text.value).toBe('Hello, world');
    expect(s.items.value).toHaveLength(1);
    expect(s.items.value[0]).toBe(stream);
  });

  it('replaces the streamed text with the final message, at the same position', () => {
    const s = state();
    applyEvent(s, text('m0', 'Welcome'), 1);
    applyEvent(s, token(1, 'partial'), 2);
    applyEvent(s, text('m2', 'other'), 3);
    const final = applyEvent(s, text('reply-1', 'The **final** text'), 4);
    expect(final).toMatchObject({ kind: 'agent', id: 'reply-1' });
    expect(s.items.value.map((i) => `${i.kind}:${i.id}`)).toEqual(['agent:m0', 'agent:reply-1', 'agent:m2']);
    // Tokens arriving after the final message change nothing.
    applyEvent(s, token(2, ' late'), 5);
    expect(s.items.value[1]).toBe(final);
  });

  it('clears the streamed text when a validation says it was invalid, keeping the tokens numbered after it', () => {
    const s = state();
    applyEvent(s, token(1, 'wrong '), 1);
    applyEvent(s, token(2, 'answer'), 2);
    applyEvent(s, token(5, ' answer'), 3); // the new set, early
    applyEvent(s, { kind: 'token-invalid', target: 'reply-1', seq: 3, reason: 'hallucination' }, 4);
    const stream = s.items.value[0] as StreamItem;
    expect(stream.text.value).toBe('');
    applyEvent(s, token(4, 'right'), 5);
    expect(stream.text.value).toBe('right answer');
    // A repeat of the validation, and a withdrawn token arriving late, change nothing.
    applyEvent(s, { kind: 'token-invalid', target: 'reply-1', seq: 3, reason: 'hallucination' }, 6);
    applyEvent(s, token(2, 'answer'), 7);
    expect(stream.text.value).toBe('right answer');
  });

  it('says a reply is streaming from its first text until its final message, its withdrawal or its silence', () => {
    const s = state();
    expect(s.streaming.value).toBe(false);
    applyEvent(s, token(2, 'early'), 1);
    expect(s.streaming.value).toBe(false); // nothing to show yet
    applyEvent(s, token(1, 'Hi '), 2);
    expect(s.streaming.value).toBe(true);
    applyEvent(s, text('reply-1', 'Hi early'), 3);
    expect(s.streaming.value).toBe(false);
    applyEvent(s, token(1, 'Again', 'reply-2'), 4);
    expect(s.streaming.value).toBe(true);
    applyEvent(s, { kind: 'token-invalid', target: 'reply-2', seq: 2, reason: 'cut off' }, 5);
    expect(s.streaming.value).toBe(false);
    applyEvent(s, token(1, 'Third', 'reply-3'), 6);
    (s.items.value.at(-1) as StreamItem).incomplete.value = true;
    expect(s.streaming.value).toBe(false);
  });

  it('ends the progress line when the agent could not answer', () => {
    const s = state();
    applyEvent(s, { kind: 'progress', text: 'Using search_docs…' }, 1);
    applyEvent(s, { kind: 'routing', transfer: false, failure: 'the AI service is busy' }, 2);
    expect(s.progress.value).toBeNull();
    expect(s.items.value.map((i) => i.kind === 'notice' && i.notice)).toEqual([{ type: 'transfer-failed', reason: 'the AI service is busy' }]);
  });

  it('orders a stream whose first token arrives late', () => {
    const s = state();
    applyEvent(s, token(2, ' world'), 1);
    applyEvent(s, token(3, '!'), 2);
    const stream = s.items.value[0] as StreamItem;
    expect(stream.text.value).toBe('');
    applyEvent(s, token(1, 'Hello'), 3);
    expect(stream.text.value).toBe('Hello world!');
  });

  it('adds notices for a transfer (with its wait), a failed transfer, and people joining or leaving; the counterpart follows', () => {
    const s = state();
    const alex: Participant = { role: 'Agent', id: 'agent-alex', name: 'Alex' };
    applyEvent(s, text('m1', 'Hi'), 1);
    applyEvent(s, { kind: 'routing', transfer: false }, 2); // the initial routing: nothing to say
    applyEvent(s, { kind: 'routing', transfer: true, waitSeconds: 90 }, 3);
    applyEvent(s, { kind: 'routing', transfer: true, failure: 'No agent is available' }, 4);
    applyEvent(s, { kind: 'routing', transfer: true }, 5);
    applyEvent(s, { kind: 'participant', changes: [{ op: 'add', who: alex }] }, 6);
    expect(s.counterpart.value).toEqual(alex);
    applyEvent(s, { kind: 'participant', changes: [{ op: 'remove', who: aria }] }, 7); // not the counterpart: stays
    expect(s.counterpart.value).toEqual(alex);
    applyEvent(s, { kind: 'participant', changes: [{ op: 'remove', who: alex }] }, 8);
    expect(s.counterpart.value).toBeNull();
    expect(s.items.value.flatMap((i) => (i.kind === 'notice' ? [i.notice] : []))).toEqual([
      { type: 'transfer', waitSeconds: 90 },
      { type: 'transfer-failed', reason: 'No agent is available' },
      { type: 'transfer' },
      { type: 'joined', name: 'Alex' },
      { type: 'left', name: 'Aria' },
      { type: 'left', name: 'Alex' },
    ]);
    expect(new Set(s.items.value.map((i) => i.id)).size).toBe(s.items.value.length); // keys stay unique
  });

  it('applies every entry of one participant change, in order: a hand-over from the bot to a person', () => {
    const s = state();
    const alex: Participant = { role: 'Agent', id: 'agent-alex', name: 'Alex' };
    applyEvent(s, text('m1', 'Hi'), 1);
    applyEvent(s, { kind: 'participant', changes: [{ op: 'remove', who: aria }, { op: 'add', who: alex }] }, 2);
    expect(s.counterpart.value).toEqual(alex);
    expect(s.items.value.flatMap((i) => (i.kind === 'notice' ? [i.notice] : []))).toEqual([
      { type: 'left', name: 'Aria' },
      { type: 'joined', name: 'Alex' },
    ]);
    expect(new Set(s.items.value.map((i) => i.id)).size).toBe(s.items.value.length);
  });

  it('confirms the visitor echo and moves receipts forward only', () => {
    const s = state();
    const item = pendingVisitor(s, 'v1');
    expect(applyEvent(s, text('v1', 'hi', visitor), 1)).toBeNull();
    expect(item.send.value).toBe('sent');
    applyEvent(s, { kind: 'receipt', messageId: 'v1', state: 'read' }, 2);
    applyEvent(s, { kind: 'receipt', messageId: 'v1', state: 'delivered' }, 3);
    expect(item.send.value).toBe('read');
  });

  it('adds a visitor message first seen through its echo (history replay)', () => {
    const s = state();
    const added = applyEvent(s, text('v9', 'from before', visitor), 1);
    expect(added).toMatchObject({ kind: 'visitor', id: 'v9', text: 'from before' });
    expect((added as VisitorItem).send.value).toBe('sent');
  });

  it('shows typing until the same sender stops or sends a message; progress until the next message', () => {
    const s = state();
    applyEvent(s, { kind: 'typing', from: aria, on: true }, 1);
    applyEvent(s, { kind: 'progress', text: 'Searching…' }, 2);
    expect(s.typing.value).toEqual(aria);
    expect(s.progress.value).toBe('Searching…');
    applyEvent(s, text('m1', 'Done'), 3);
    expect(s.typing.value).toBeNull();
    expect(s.progress.value).toBeNull();
    applyEvent(s, { kind: 'typing', from: aria, on: true }, 4);
    applyEvent(s, { kind: 'typing', from: aria, on: false }, 5);
    expect(s.typing.value).toBeNull();
    // Someone else's message or stop leaves the indicator alone.
    const alex: Participant = { role: 'Agent', id: 'agent-alex', name: 'Alex' };
    applyEvent(s, { kind: 'typing', from: alex, on: true }, 6);
    applyEvent(s, text('m2', 'From Aria'), 7);
    applyEvent(s, { kind: 'typing', from: aria, on: false }, 8);
    expect(s.typing.value).toEqual(alex);
  });

  it('records the close reason and clears indicators', () => {
    const s = state();
    applyEvent(s, { kind: 'typing', from: aria, on: true }, 1);
    applyEvent(s, { kind: 'closed', reason: 'EndUser' }, 2);
    expect(s.closed.value).toBe('EndUser');
    expect(s.typing.value).toBeNull();
  });
});

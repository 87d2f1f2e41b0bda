// The one function that applies a decoded event to the conversation state.
import { signal } from '@preact/signals';
import type { ChatEvent, Participant } from '../protocol';
import { type AgentItem, type ChatState, type NoticeItem, type SendState, type StreamItem, type TranscriptItem, type VisitorItem, fileItem } from './model';

const SEND_ORDER: readonly SendState[] = ['failed', 'pending', 'sent', 'delivered', 'read'];

/** Moves a visitor message's send state forward; receipts arriving out of order never move it back. */
export function advanceSend(item: VisitorItem, to: SendState): void {
  if (SEND_ORDER.indexOf(to) > SEND_ORDER.indexOf(item.send.value)) {
    item.send.value = to;
    if (to !== 'failed') item.error.value = null;
  }
}

function sameParticipant(a: Participant, b: Participant): boolean {
  return a.role === b.role && a.id === b.id;
}

function replaceItem(state: ChatState, index: number, item: TranscriptItem): void {
  const items = state.items.value.slice();
  items[index] = item;
  state.items.value = items;
}

/** A visitor message the gateway has not accepted: still to be sent, or failed. */
export const isUnsent = (item: TranscriptItem | undefined): item is VisitorItem =>
  item?.kind === 'visitor' && (item.send.value === 'pending' || item.send.value === 'failed');

/** Appends what the conversation delivered: before the visitor's unsent messages, which the gateway has not seen yet. */
function appendItem(state: ChatState, item: TranscriptItem): void {
  const items = state.items.value.slice();
  let at = items.length;
  while (isUnsent(items[at - 1])) at--;
  items.splice(at, 0, item);
  state.items.value = items;
}

export function addNotice(state: ChatState, notice: NoticeItem['notice']): void {
  appendItem(state, { kind: 'notice', id: `notice-${state.items.value.length}`, notice });
}

export function findIndex(state: ChatState, id: string): number {
  const items = state.items.value;
  // Recent items are the likely match: search from the end.
  for (let i = items.length - 1; i >= 0; i--) if (items[i]!.id === id) return i;
  return -1;
}

function appendToken(stream: StreamItem, seq: number, text: string): void {
  if (seq < stream.nextSeq || stream.early.has(seq)) return; // a repeat
  if (seq > stream.nextSeq) {
    stream.early.set(seq, text);
    return;
  }
  let added = text;
  stream.nextSeq++;
  for (let next = stream.early.get(stream.nextSeq); next !== undefined; next = stream.early.get(stream.nextSeq)) {
    stream.early.delete(stream.nextSeq);
    added += next;
    stream.nextSeq++;
  }
  stream.text.value += added;
  stream.incomplete.value = false;
}

/**
 * Applies one event. Returns the message this event made final and new to the transcript
 * (an agent message, or a visitor message first seen through its echo), else null.
 */
export function applyEvent(state: ChatState, event: ChatEvent, now: number): AgentItem | VisitorItem | null {
  switch (event.kind) {
    case 'message': {
      const index = findIndex(state, event.id);
      const existing = index >= 0 ? state.items.value[index] : undefined;
      if (event.from.role === 'EndUser') {
        if (existing?.kind === 'visitor') {
          advanceSend(existing, 'sent');
          // Its first echo gives it its place in the conversation's order (a message sent again
          // after a reload may have been shown before the replayed history).
          if (!existing.echoed) {
            existing.echoed = true;
            state.items.value = state.items.value.filter((i) => i !== existing);
            appendItem(state, existing);
          }
          return null;
        }
        const text = event.content.type === 'text' ? event.content.text : '';
        const item: VisitorItem = {
          kind: 'visitor', id: event.id, text, at: event.at || now, suggested: false, echoed: true,
          ...(event.files && { files: event.files.map(fileItem) }), send: signal('sent'), error: signal(null),
        };
        appendItem(state, item);
        return item;
      }
      if (existing && existing.kind !== 'stream') return null; // a replayed message
      const typing = state.typing.value;
      if (typing && sameParticipant(typing, event.from)) state.typing.value = null;
      state.progress.value = null;
      // The same person again keeps the same value: each message decodes a new object, and a
      // changed counterpart re-renders the panel's header.
      const counterpart = state.counterpart.value;
      if (event.from.role !== 'System' && !(counterpart && sameParticipant(counterpart, event.from) && counterpart.name === event.from.name)) {
        state.counterpart.value = event.from;
      }
      const item: AgentItem = {
        kind: 'agent', id: event.id, from: event.from, content: event.content, at: event.at || now, reaction: signal(null), commentOpen: signal(false),
        ...(event.meta && { meta: event.meta }),
      };
      if (existing) replaceItem(state, index, item);
      else appendItem(state, item);
      return item;
    }
    case 'token': {
      const index = findIndex(state, event.target);
      let stream = index >= 0 ? state.items.value[index] : undefined;
      if (stream && stream.kind !== 'stream') return null; // the final message already won
      if (!stream) {
        stream = {
          kind: 'stream', id: event.target, from: event.from, at: now, text: signal(''), incomplete: signal(false),
          nextSeq: Math.min(1, event.seq), early: new Map(),
        };
        appendItem(state, stream);
      }
      appendToken(stream, event.seq, event.text);
      return null;
    }
    case 'token-invalid': {
      const index = findIndex(state, event.target);
      const stream = index >= 0 ? state.items.value[index] : undefined;
      // The validation holds its place in the sequence: it withdraws the tokens before it, while
      // tokens numbered after it (a new set, possibly arrived early) stay. One already passed is a repeat.
      if (stream?.kind === 'stream' && event.seq >= stream.nextSeq) {
        for (const seq of stream.early.keys()) if (seq <= event.seq) stream.early.delete(seq);
        stream.text.value = '';
        stream.nextSeq = event.seq;
        appendToken(stream, event.seq, '');
      }
      return null;
    }
    case 'typing':
      if (event.on) state.typing.value = event.from;
      else if (!state.typing.value || sameParticipant(state.typing.value, event.from)) state.typing.value = null;
      return null;
    case 'progress':
      state.progress.value = event.text;
      return null;
    case 'receipt': {
      const item = state.items.value[findIndex(state, event.messageId)];
      if (item?.kind === 'visitor') advanceSend(item, event.state);
      return null;
    }
    case 'participant':
      for (const { op, who } of event.changes) {
        if (op === 'add') state.counterpart.value = who;
        else if (state.counterpart.value && sameParticipant(state.counterpart.value, who)) state.counterpart.value = null;
        addNotice(state, { type: op === 'add' ? 'joined' : 'left', name: who.name });
      }
      return null;
    case 'routing':
      if (event.failure !== undefined) {
        // The agent could not answer: what it was showing it was doing is over.
        state.progress.value = null;
        addNotice(state, { type: 'transfer-failed', reason: event.failure });
      }
      else if (event.transfer) addNotice(state, { type: 'transfer', ...(event.waitSeconds !== undefined && { waitSeconds: event.waitSeconds }) });
      return null;
    case 'closed':
      state.closed.value = event.reason;
      state.typing.value = null;
      state.progress.value = null;
      return null;
  }
}

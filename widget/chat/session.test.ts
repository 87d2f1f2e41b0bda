import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../testing/memory-storage';
import type { TranscriptItem, VisitorItem } from './model';
import { MAX_SEEN, createConversationStore } from './persist';
import { blankConversation, createSession } from './session';

const visitor = (id: string, send: VisitorItem['send']['value'], error: string | null = null): VisitorItem => ({
  kind: 'visitor', id, text: `text ${id}`, at: 7, suggested: false, send: signal(send), error: signal(error),
});

function setup(items: TranscriptItem[] = []) {
  const storage = createMemoryStorage();
  const store = createConversationStore(storage, 'k');
  const session = createSession(store, blankConversation('c1'), () => items);
  return { session, store, saved: () => JSON.parse(storage.getItem('k')!) };
}

describe('createSession', () => {
  it('saves the token, the reactions and the sightings, with the unsent messages read from the transcript', () => {
    const { session, saved } = setup([visitor('m1', 'sent'), visitor('m2', 'pending'), visitor('m3', 'failed', 'Too long.')]);
    session.setToken('tok');
    session.setReaction('r1', 'negative');
    session.setReaction('r2', 'positive');
    session.setReaction('r1', null);
    expect(session.firstSighting('r2')).toBe(true);
    expect(session.firstSighting('r2')).toBe(false);
    expect(saved()).toEqual({
      conversationId: 'c1', token: 'tok', seen: ['r2'], reactions: { r2: 'positive' },
      unsent: [{ id: 'm2', text: 'text m2', at: 7, suggested: false }, { id: 'm3', text: 'text m3', at: 7, suggested: false, error: 'Too long.' }],
    });
  });

  it('remembers every sighting in memory but saves the newest ones only', () => {
    const { session, store } = setup();
    for (let n = 0; n <= MAX_SEEN; n++) session.firstSighting(`id-${n}`);
    expect(session.firstSighting('id-0')).toBe(false);
    const seen = store.load()!.seen;
    expect([seen.length, seen[0], seen.at(-1)]).toEqual([MAX_SEEN, 'id-1', `id-${MAX_SEEN}`]);
  });

  it('keeps when a prompt left for the next save, and forgets everything on reset', () => {
    const { session, store } = setup();
    session.markSent(1234);
    expect(store.load()).toBeNull(); // marking alone does not save
    session.setToken('tok');
    expect(store.load()).toMatchObject({ token: 'tok', sentAt: 1234 });
    session.firstSighting('r1');
    session.reset('c2');
    session.save();
    expect(store.load()).toEqual({ conversationId: 'c2', token: null, seen: [], reactions: {}, unsent: [] });
    expect([session.conversationId(), session.token(), session.sentAt(), session.firstSighting('r1')]).toEqual(['c2', null, undefined, true]);
  });

  it('another tab saving the same conversation keeps what this one surfaced; with otherTabs, what it surfaced counts', () => {
    const { session, store } = setup();
    const other = createSession(store, blankConversation('c1'), () => []);
    session.firstSighting('mine');
    other.markSent(42);
    other.firstSighting('theirs');
    expect(store.load()?.seen).toEqual(['mine', 'theirs']);
    expect(session.firstSighting('theirs', true)).toBe(false); // already surfaced (and tracked) by the other tab
    expect(session.sentAt()).toBe(42); // its prompt left last
    expect(session.firstSighting('new', true)).toBe(true);
    const elsewhere = createSession(store, blankConversation('c9'), () => []); // another conversation: nothing shared
    elsewhere.firstSighting('x');
    expect(session.firstSighting('x', true)).toBe(true);
  });
});

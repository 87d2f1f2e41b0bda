import { describe, expect, it } from 'vitest';
import type { ChatApiRequest, PostResult, Transport } from '../protocol';
import { createMemoryStorage } from '../testing/memory-storage';
import { createOutbox } from './outbox';
import { createConversationStore } from './persist';
import { blankConversation, createSession } from './session';

/** A transport whose posts wait until the test answers them, one by one. */
function heldTransport() {
  const posts: { body: ChatApiRequest; token: string | null; answer(result: PostResult): void }[] = [];
  const transport: Transport = {
    post: (body, token) => new Promise((answer) => posts.push({ body, token, answer })),
    events: () => () => {},
    upload: () => ({ done: Promise.resolve({ ok: false, message: 'no uploads here' }), abort() {} }),
  };
  return { transport, posts };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const { transport, posts } = heldTransport();
  const session = createSession(createConversationStore(createMemoryStorage(), 'k'), blankConversation('c1'), () => []);
  let tokens = 0;
  const post = createOutbox(transport, session, () => void tokens++);
  return { post, posts, session, tokens: () => tokens };
}

describe('createOutbox', () => {
  it('sends one call at a time, in order, each with the token the one before it brought', async () => {
    const { post, posts, session, tokens } = setup();
    const first = post({ type: 'start' });
    const second = post({ type: 'message', text: 'hi', messageId: 'm1' });
    await flush();
    expect(posts.map((p) => p.body.eventType)).toEqual(['startSession']);
    posts[0]!.answer({ ok: true, token: 'tok' });
    expect(await first).toEqual({ ok: true, token: 'tok' });
    expect([session.token(), tokens()]).toEqual(['tok', 1]);
    await flush();
    expect(posts.map((p) => [p.body.eventType, p.token])).toEqual([['startSession', null], ['message', 'tok']]);
    posts[1]!.answer({ ok: false, status: 400, message: 'Too long.' });
    expect(await second).toEqual({ ok: false, status: 400, message: 'Too long.' });
  });

  it('drops a call queued for a conversation the visitor replaced, and a token that arrives for it', async () => {
    const { post, posts, session, tokens } = setup();
    const inFlight = post({ type: 'start' });
    const queued = post({ type: 'message', text: 'hi', messageId: 'm1' });
    await flush();
    session.reset('c2');
    posts[0]!.answer({ ok: true, token: 'tok-for-c1' });
    expect(await inFlight).toEqual({ ok: true, token: 'tok-for-c1' });
    expect(await queued).toBeNull();
    expect([posts.length, session.token(), tokens()]).toEqual([1, null, 0]);
  });
});

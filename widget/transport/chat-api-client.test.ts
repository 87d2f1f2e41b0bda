import { describe, expect, it } from 'vitest';
import type { ChatApiRequest } from '../protocol';
import { createFakeNetwork } from '../testing/fake-network';
import { createFakeTimers } from '../testing/fake-timers';
import { createChatApiClient } from './chat-api-client';

const body: ChatApiRequest = { platformConversationId: 'c1', eventType: 'message', text: 'hi', messageId: 'm1' };

function scripted(answers: (() => Response | Promise<Response>)[]) {
  const sent: { body: string; auth: string | undefined }[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    sent.push({ body: String(init.body), auth: (init.headers as Record<string, string>)['Authorization'] });
    return answers.shift()!();
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json', ...headers } });

/** Runs a post while advancing fake time, so backoff waits elapse. */
async function run(post: Promise<unknown>, timers: ReturnType<typeof createFakeTimers>) {
  let done = false;
  void post.then(() => (done = true));
  for (let i = 0; i < 50 && !done; i++) {
    await new Promise((r) => setTimeout(r, 0));
    timers.advance(1000);
  }
  return post;
}

describe('createChatApiClient', () => {
  it('retries 503 and network errors with the same body, then returns the token', async () => {
    const timers = createFakeTimers();
    const { fetch, sent } = scripted([
      () => json(503, { error: { code: 'unavailable', message: 'try later' } }),
      () => Promise.reject(new TypeError('network down')),
      () => json(200, { ok: true, token: 'tok-1' }),
    ]);
    const post = createChatApiClient({ url: 'http://gw/converse/chat', fetch, timers, random: () => 0.5, network: createFakeNetwork() });
    expect(await run(post(body, null), timers)).toEqual({ ok: true, token: 'tok-1' });
    expect(sent.map((s) => JSON.parse(s.body))).toEqual([body, body, body]);
    expect(sent[0]!.auth).toBeUndefined();
  });

  it('waits as long as Retry-After says on 429', async () => {
    const timers = createFakeTimers();
    const { fetch, sent } = scripted([() => json(429, { error: { message: 'slow down' } }, { 'Retry-After': '3' }), () => json(200, { ok: true })]);
    const post = createChatApiClient({ url: 'u', fetch, timers, random: () => 0, network: createFakeNetwork() })(body, 'tok');
    await new Promise((r) => setTimeout(r, 0));
    timers.advance(2999);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(1);
    timers.advance(1);
    expect(await run(post, timers)).toEqual({ ok: true });
    expect(sent[1]!.auth).toBe('Bearer tok');
  });

  it('does not retry other 4xx and returns the gateway message', async () => {
    const timers = createFakeTimers();
    const { fetch, sent } = scripted([() => json(400, { error: { code: 'invalid_body', message: 'text must be at most 4000 characters' } })]);
    const result = await run(createChatApiClient({ url: 'u', fetch, timers, random: () => 0, network: createFakeNetwork() })(body, 'tok'), timers);
    expect(result).toEqual({ ok: false, status: 400, message: 'text must be at most 4000 characters' });
    expect(sent).toHaveLength(1);
  });

  it('gives up after the last attempt with a clear message', async () => {
    const timers = createFakeTimers();
    const { fetch, sent } = scripted(Array.from({ length: 5 }, () => () => Promise.reject(new TypeError('offline'))));
    const result = await run(createChatApiClient({ url: 'u', fetch, timers, random: () => 1, network: createFakeNetwork() })(body, null), timers);
    expect(result).toEqual({ ok: false, status: 0, message: 'The chat service could not be reached.' });
    expect(sent).toHaveLength(5);
  });

  it('holds a post while offline, without spending attempts, and sends it once back online', async () => {
    const timers = createFakeTimers();
    const network = createFakeNetwork(false);
    const { fetch, sent } = scripted([() => json(200, { ok: true })]);
    const answer = createChatApiClient({ url: 'u', fetch, timers, random: () => 0, network, maxAttempts: 1 })(body, 'tok');
    timers.advance(600_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(0);
    network.set(true);
    expect(await run(answer, timers)).toEqual({ ok: true });
    expect(sent).toHaveLength(1);
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from './keyed-queue';
import { chat, startGateway } from '../testing/test-support';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('createKeyedQueue', () => {
  it('runs one task per key at a time, in order, and a failure does not stop the next', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await later(ms, null);
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([
      queue.run('a', task('a1', 20, true)),
      queue.run('a', task('a2', 1)),
      queue.run('b', task('b1', 5)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2', 'end a2']);
  });
});

describe('concurrent copies of one Chat API event', () => {
  it('reach a slow upstream bot once: a retry waits for the original instead of being forwarded again', async () => {
    const forwarded: string[] = [];
    const slowUpstream: typeof fetch = async (_url, init) => {
      forwarded.push(JSON.parse(String(init?.body)).eventType);
      return later(50, new Response('{}'));
    };
    const gw = await startGateway({ upstream: { url: 'http://upstream.invalid/', apiKey: 'k', botId: 'b', webhookSecret: Buffer.from('s'), fetch: slowUpstream } });
    try {
      const id = randomUUID();
      const { body } = await chat(gw, { platformConversationId: id, eventType: 'startSession' });
      const token = String(body['token']);
      const message = { platformConversationId: id, eventType: 'message', text: 'hi', messageId: randomUUID() };
      const answers = await Promise.all([1, 2, 3].map(() => chat(gw, message, token)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(forwarded).toEqual(['startSession', 'message']);
    } finally {
      await gw.close();
    }
  });
});

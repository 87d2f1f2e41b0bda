// Conversation tokens expire unless the conversation stays active, and their expiry cannot be altered.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestGateway, chat, readSse, startConversation, startGateway } from '../testing/test-support';

let gw: TestGateway;
afterEach(async () => {
  await gw?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('conversation tokens', () => {
  it('expire after their lifetime; a request in the second half of it renews the token, so an active visitor keeps going', async () => {
    gw = await startGateway({ tokenTtlMs: 1600 });
    const { id, token: first } = await startConversation(gw);
    const message = (text: string) => ({ platformConversationId: id, eventType: 'message', text, messageId: randomUUID() });

    expect((await chat(gw, message('early'), first)).body).toEqual({ ok: true }); // young: no renewal
    await sleep(900);
    const renewed = await chat(gw, message('later'), first);
    expect(renewed.status).toBe(200);
    const second = renewed.body['token'] as string;
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);

    await sleep(900); // the first token is now past its lifetime, the second is not
    const expired = await chat(gw, message('with the old token'), first);
    expect(expired.status).toBe(401);
    expect((await readSse(gw, first, () => true)).status).toBe(401);
    expect((await chat(gw, message('back again'), second)).status).toBe(200);
    expect((await readSse(gw, second, () => true)).status).toBe(200);
  });

  it('refuses a token whose expiry was altered', async () => {
    gw = await startGateway();
    const { id, token } = await startConversation(gw);
    const [conversation, issued, signature] = token.split('.');
    const forged = `${conversation}.${(Number.parseInt(issued!, 36) + 86_400_000).toString(36)}.${signature}`;
    expect((await chat(gw, { platformConversationId: id, eventType: 'metadata', metadata: [{ key: 'a', value: 'b' }] }, forged)).status).toBe(401);
  });
});

// A stranger who knows a conversation's id cannot spend its visitor's rate limit.
import { afterEach, describe, expect, it } from 'vitest';
import { type TestGateway, chat, startConversation, startGateway } from '../testing/test-support';

let gw: TestGateway;
afterEach(async () => {
  await gw?.close();
});

describe('token before the per-conversation rate limit', () => {
  it('does not charge the conversation for requests without its token, so they cannot lock the visitor out', async () => {
    gw = await startGateway({ limits: { perConversation: { burst: 2, perMinute: 2 } } });
    const { id, token } = await startConversation(gw);
    const message = { platformConversationId: id, eventType: 'message', text: 'hi' };
    for (let i = 0; i < 5; i++) expect((await chat(gw, message, i % 2 ? 'forged' : undefined)).status).toBe(401);
    expect((await chat(gw, message, token)).status).toBe(200);
  });
});

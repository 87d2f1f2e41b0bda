// The Chat API drops no write silently: a repeat is reported as such. Also: the card index's bound,
// and lone surrogates stored, streamed and exported alike.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestGateway, chat, messagesOn, startConversation, startRelayGateway } from '../testing/test-support';

const SECRET = 'webhook-secret-456';
const KEY = 'owner-key';
let relay: Awaited<ReturnType<typeof startRelayGateway>>;
let gw: TestGateway;

beforeEach(async () => {
  relay = await startRelayGateway(SECRET, [KEY]);
  gw = relay.gw;
});
afterEach(() => relay.close());

describe('the Chat API', () => {
  it('reports a repeated messageId as a duplicate', async () => {
    const { id, token } = await startConversation(gw);
    const message = { platformConversationId: id, eventType: 'message', text: 'Hello', messageId: randomUUID() };
    expect((await chat(gw, message, token)).body).toEqual({ ok: true });
    expect((await chat(gw, message, token)).body).toEqual({ ok: true, duplicate: true });
  });

  it('bounds cardIndex', async () => {
    const { id, token } = await startConversation(gw);
    for (const cardIndex of [100, 1e300, -1, 1.5]) {
      const answer = await chat(gw, { platformConversationId: id, eventType: 'message', text: 'Buy', cardIndex }, token);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toBe('cardIndex must be a non-negative integer up to 99 (the 0-based card index).');
    }
    expect((await chat(gw, { platformConversationId: id, eventType: 'message', text: 'Buy', cardIndex: 99 }, token)).status).toBe(200);
  });

  it('exports a lone surrogate the way the event stream sent it', async () => {
    const { id, token } = await startConversation(gw);
    const messageId = randomUUID();
    expect((await chat(gw, { platformConversationId: id, eventType: 'message', text: 'broken \ud800 pair', messageId }, token)).status).toBe(200);
    const sent = (await messagesOn(gw, token)).find((m: { id: string }) => m.id === messageId)!.abstractMessage.staticContent.text;
    const now = Math.floor(Date.now() / 1000);
    const exported = (await (await fetch(
      `${gw.url}/conversations/export/v1/messages?start_time=${now - 60}&end_time=${now + 60}&bot_name=support-bot&conversation_id=${id}`,
      { headers: { 'x-api-key': KEY } },
    )).json()) as { data: { _id: string; userInput: string }[] };
    expect(exported.data.find((m) => m._id === messageId)!.userInput).toBe(sent);
    expect(sent).toBe('broken \ufffd pair');
  });
});

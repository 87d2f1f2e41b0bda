// The webhook drops no write silently: an ignored insert is an idempotent repeat reported as such,
// or an error. Also: bounds on ids, escalation of a closed conversation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SseEvent, type TestGateway, chat, messagesOn, readSse, startConversation, startRelayGateway } from '../testing/test-support';

const SECRET = 'webhook-secret-456';
const KEY = 'owner-key';
let relay: Awaited<ReturnType<typeof startRelayGateway>>;
let gw: TestGateway;

beforeEach(async () => {
  relay = await startRelayGateway(SECRET, [KEY]);
  gw = relay.gw;
});
afterEach(() => relay.close());

const webhook = (data: Record<string, unknown>) =>
  fetch(`${gw.url}/converse-webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Webhook-Secret': SECRET },
    body: JSON.stringify({ botId: 'bot-7', data }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));

describe('the webhook never drops a reply silently', () => {
  it('reports a repeated messageId as a duplicate, and refuses different content under a stored id', async () => {
    const { id, token } = await startConversation(gw);
    const send = (text: string) => webhook({ eventType: 'sendMessage', platformConversationId: id, type: 'text', text, messageId: 'reply-1' });
    expect(await send('The answer')).toEqual({ status: 200, body: { ok: true } });
    expect(await send('The answer')).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    const clash = await send('A different answer');
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('message_id_conflict');
    expect((await messagesOn(gw, token)).map((m: { abstractMessage: { staticContent: { text: string } } }) => m.abstractMessage.staticContent.text)).toEqual(['The answer']);
  });

  it('refuses to escalate a closed conversation', async () => {
    const { id, token } = await startConversation(gw);
    expect((await chat(gw, { platformConversationId: id, eventType: 'endSession' }, token)).status).toBe(200);
    const answer = await webhook({ eventType: 'escalate', platformConversationId: id });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('conversation_closed');
    const { events } = await readSse(gw, token, () => false, undefined, 300);
    expect(events.filter((e: SseEvent) => e.event === 'CONVERSATION_ROUTING_RESULT')).toEqual([]);
  });

  it('bounds the ids it takes', async () => {
    const { id } = await startConversation(gw);
    const answer = await webhook({ eventType: 'sendMessage', platformConversationId: id, type: 'text', text: 'x', messageId: 'm'.repeat(101) });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/messageId must be an id of 1 to 100 /);
  });
});

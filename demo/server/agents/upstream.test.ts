import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestGateway, type UpstreamStandIn, chat, payloadOf, readSse, startGateway, upstreamStandIn } from '../testing/test-support';

const SECRET = 'webhook-secret-123';

let upstream: UpstreamStandIn;
let gw: TestGateway;
let teamOnline = true;

beforeEach(async () => {
  upstream = await upstreamStandIn();
  gw = await startGateway({
    upstream: { url: upstream.url, apiKey: 'upstream-key', botId: 'bot-42', webhookSecret: Buffer.from(SECRET), teamOnline: () => teamOnline },
  });
});
afterEach(async () => {
  await gw.close();
  await upstream.close();
});

function webhook(body: unknown, secret = SECRET) {
  return fetch(`${gw.url}/converse-webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Webhook-Secret': secret },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
}

async function conversation() {
  const id = randomUUID();
  const { body } = await chat(gw, { platformConversationId: id, eventType: 'startSession', metadata: [{ key: 'plan', value: 'pro' }] });
  return { id, token: body['token'] as string };
}

describe('upstream mode', () => {
  it('relays each Chat API event with the upstream key and bot id, which the browser never sees', async () => {
    const { id, token } = await conversation();
    const answer = await chat(gw, { platformConversationId: id, eventType: 'message', text: 'secondCardButton', cardIndex: 1, messageId: 'm-1' }, token);
    expect(JSON.stringify(answer.body)).not.toContain('upstream-key');
    expect(upstream.received.map((r) => r.body)).toEqual([
      { platformConversationId: id, eventType: 'startSession', metadata: [{ key: 'plan', value: 'pro' }] },
      { platformConversationId: id, eventType: 'message', text: 'secondCardButton', cardIndex: 1, messageId: 'm-1' },
    ]);
    expect(upstream.received.every((r) => r.headers['authorization'] === 'upstream-key' && r.headers['botid'] === 'bot-42')).toBe(true);
  });

  it('answers a retryable 502 when the upstream fails, keeps the message (stored once), and forwards the retry until the upstream takes it', async () => {
    const { id, token } = await conversation();
    upstream.answer(503);
    const body = { platformConversationId: id, eventType: 'message', text: 'hello', messageId: 'm-2' };
    expect(await chat(gw, body, token)).toMatchObject({ status: 502, body: { error: { code: 'bot_unavailable' } } });
    upstream.answer(200);
    expect((await chat(gw, body, token)).status).toBe(200);
    expect((await chat(gw, body, token)).status).toBe(200); // a third time: already there, not relayed again
    const { events } = await readSse(gw, token, () => false, undefined, 300);
    expect(events.filter((e) => e.event === 'CONVERSATION_MESSAGE').map((e) => payloadOf(e).id)).toEqual(['m-2']);
    expect(upstream.received.filter((r) => r.body['messageId'] === 'm-2')).toHaveLength(2);
  });

  it('passes a stop on to the upstream bot, and answers the visitor 200 even when the bot refuses it', async () => {
    const { id, token } = await conversation();
    upstream.answer(400);
    expect(await chat(gw, { platformConversationId: id, eventType: 'stop' }, token)).toMatchObject({ status: 200, body: { ok: true } });
    await expect.poll(() => upstream.received.length).toBe(2);
    expect(upstream.received[1]).toMatchObject({ headers: { authorization: 'upstream-key', botid: 'bot-42' }, body: { platformConversationId: id, eventType: 'stop' } });
  });

  it('refuses a wrong webhook secret and malformed bodies with clear errors', async () => {
    const { id } = await conversation();
    expect(await webhook({ botId: 'bot-42', data: { eventType: 'sendMessage', platformConversationId: id, type: 'text', text: 'hi' } }, 'wrong')).toMatchObject({ status: 401 });
    const bad: [unknown, RegExp][] = [
      [{ nope: true }, /"data"/],
      [{ data: { eventType: 'dance', platformConversationId: id } }, /^data.eventType "dance" is not one the gateway knows; use one of sendMessage, typing, /],
      [{ data: { eventType: 'sendMessage', platformConversationId: id, type: 'video' } }, /data.type must be "text" or "carousel"/],
      [{ data: { eventType: 'sendMessage', platformConversationId: id, type: 'text', buttons: [{ type: 'link', text: 'x', url: 'javascript:alert(1)' }] } }, /needs an http\(s\) "url"/],
      [{ data: { eventType: 'sendMessage', platformConversationId: id, type: 'carousel', carouselCards: [] } }, /carouselCards must be a non-empty array/],
    ];
    for (const [body, message] of bad) {
      const answer = await webhook(body);
      expect(answer.status).toBe(400);
      expect(answer.body['error']['message']).toMatch(message);
    }
    expect(await webhook({ data: { eventType: 'sendMessage', platformConversationId: randomUUID(), type: 'text', text: 'hi' } })).toMatchObject({ status: 404 });
  });

  it('turns sendMessage, escalate and isTeamOnline into what PROTOCOL §3 says', async () => {
    const { id, token } = await conversation();
    const send = (data: Record<string, unknown>) => webhook({ botId: 'bot-42', data: { eventType: 'sendMessage', platformConversationId: id, ...data } });
    expect((await send({ type: 'text', text: 'Plain answer', messageId: 'r1' })).status).toBe(200);
    expect(await send({ type: 'text', text: 'Plain answer', messageId: 'r1' })).toEqual({ status: 200, body: { ok: true, duplicate: true } }); // retried webhook
    await send({ type: 'text', text: 'Pick one', messageId: 'r2', replyId: 'q1', buttons: [{ type: 'button', text: 'Yes' }, { type: 'button', text: 'No' }, { type: 'link', text: 'Docs', url: 'https://example.com/docs' }] });
    await send({ type: 'carousel', text: '', messageId: 'r3', replyId: 'q1', carouselCards: [
      { title: 'Card 1', description: 'first', imageUrl: 'https://example.com/1.png', buttons: [{ type: 'button', text: 'firstCardButton' }] },
      { title: 'Card 2', buttons: [{ type: 'button', text: 'secondCardButton' }] },
    ] });
    expect(await webhook({ data: { eventType: 'escalate', platformConversationId: id } })).toEqual({ status: 200, body: { ok: true } });
    expect(await webhook({ data: { eventType: 'isTeamOnline' } })).toEqual({ status: 200, body: { isOnline: true } });
    teamOnline = false;
    expect(await webhook({ data: { eventType: 'isTeamOnline' } })).toEqual({ status: 200, body: { isOnline: false } });
    teamOnline = true;

    const { events } = await readSse(gw, token, () => false, undefined, 300);
    const messages = events.filter((e) => e.event === 'CONVERSATION_MESSAGE').map(payloadOf);
    expect(messages.map((m) => m.id)).toEqual(['r1', 'r2', 'r2-1', 'r3']);
    expect(messages[0].abstractMessage).toEqual({ messageType: 'StaticContentMessage', id: 'r1', staticContent: { formatType: 'Text', text: 'Plain answer' } });
    expect(messages[1].abstractMessage).toMatchObject({ messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Pick one', optionItems: [{ titleItem: { title: 'Yes' } }, { titleItem: { title: 'No' } }] } });
    expect(messages[2].abstractMessage).toMatchObject({ staticContent: { formatType: 'RichLink', linkItem: { url: 'https://example.com/docs', title: 'Docs' } } });
    expect(messages[3].abstractMessage).toMatchObject({
      messageType: 'ChoicesMessage',
      choices: {
        formatType: 'Carousel',
        items: [
          { titleItem: { title: 'Card 1', subTitle: 'first', imageId: 'image-0' }, interactionItems: [{ titleItem: { title: 'firstCardButton' } }] },
          { titleItem: { title: 'Card 2' }, interactionItems: [{ titleItem: { title: 'secondCardButton' } }] },
        ],
        images: [{ id: 'image-0', assetType: 'ImageAsset', assetUrl: 'https://example.com/1.png', description: 'Card 1' }],
      },
    });
    const routing = events.filter((e) => e.event === 'CONVERSATION_ROUTING_RESULT').map(payloadOf);
    expect(routing).toMatchObject([{ entryType: 'RoutingResult', routingType: 'Transfer', failureType: 'None' }]);
  });
});

import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestGateway, chat, pendoStandIn, startGateway } from '../testing/test-support';

const SECRET = 'pendo-shared-secret';

let pendo: Awaited<ReturnType<typeof pendoStandIn>>;
let gw: TestGateway;
const KEY = 'owner';

async function setUp(failures = 0) {
  pendo = await pendoStandIn(failures);
  gw = await startGateway({ pendo: { url: pendo.url, secret: SECRET }, exportApiKeys: [KEY], exportRate: { burst: 100, perMinute: 6000 } });
}
afterEach(async () => {
  await gw.close();
  await pendo.close();
});

/** A conversation holding the messages the calls below name: the visitor's m-1 and the agent's r-1. */
async function conversation() {
  const id = randomUUID();
  const { body } = await chat(gw, { platformConversationId: id, eventType: 'startSession' });
  const token = body['token'] as string;
  await chat(gw, { platformConversationId: id, eventType: 'message', text: 'Hello', messageId: 'm-1' }, token);
  await gw.store.appendEvent(id, 'CONVERSATION_MESSAGE', '{}', Date.now(), { id: 'r-1', conversationId: id, role: 'Chatbot', text: 'Answer', body: '{}', createdAt: Date.now() });
  return { id, token };
}

const call = (conversationId: string, eventType: string, messageId: string, content: string, extra: Record<string, unknown> = {}) => ({
  eventType,
  agenticProperties: {
    agentId: 'support-bot', conversationId, messageId, content, agentModelsUsed: ['m'], suggestedPrompt: false, toolsUsed: [], agentFilesUploaded: [], ...extra,
  },
  properties: { experiment: 'b' },
});

function track(token: string, body: unknown, path = '/api/track-agent', headers: Record<string, string> = {}) {
  return fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify(body) })
    .then(async (r) => ({ status: r.status, text: await r.text() }));
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
};

describe('server-side tracking', () => {
  it('forwards each call once to Pendo with the shared secret, which the browser never sees', async () => {
    await setUp();
    const { id, token } = await conversation();
    const prompt = call(id, 'prompt', 'm-1', 'Hello');
    const first = await track(token, prompt);
    const again = await track(token, prompt); // a retry after a lost answer
    expect(first).toEqual({ status: 202, text: '{"ok":true,"queued":true}' });
    expect(again).toEqual({ status: 202, text: '{"ok":true,"queued":false}' });
    expect(first.text + again.text).not.toContain(SECRET);
    await until(() => pendo.calls.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(pendo.calls).toHaveLength(1);
    expect(pendo.calls[0]!.headers['x-pendo-integration-key']).toBe(SECRET);
    expect(pendo.calls[0]!.body).toEqual({ ...prompt, timestamp: expect.any(Number) });
  });

  it('retries a failing Pendo with backoff and the same messageId', async () => {
    await setUp(2);
    const { id, token } = await conversation();
    await track(token, call(id, 'agent_response', 'r-1', 'Answer'));
    await until(() => pendo.calls.length >= 3);
    expect(pendo.calls.map((c) => c.body.agenticProperties.messageId)).toEqual(['r-1', 'r-1', 'r-1']);
  }, 15_000);

  it('stores reactions: the export tags them and the analytics count them', async () => {
    await setUp();
    const { id, token } = await conversation();
    await track(token, call(id, 'user_reaction', 'r-1', 'negative', { agentUserReactionComments: ['too long'] }));
    const now = Math.floor(Date.now() / 1000);
    const query = `start_time=${now - 60}&end_time=${now + 60}`;
    const exported = (await (await fetch(`${gw.url}/conversations/export/v1/conversations?${query}&bot_name=support-bot`, { headers: { 'x-api-key': KEY } })).json()) as { data: { _id: string; tags: string[] }[] };
    expect(exported.data.find((c) => c._id === id)!.tags).toEqual(['negativeFeedback']);
    const analytics = (await (await fetch(`${gw.url}/api/analytics?${query}`, { headers: { 'x-api-key': KEY } })).json()) as { reactions: unknown };
    expect(analytics.reactions).toEqual({ positive: 0, negative: 1 });
    await track(token, call(id, 'user_reaction', 'r-1', 'unreact'));
    const after = (await (await fetch(`${gw.url}/api/analytics?${query}`, { headers: { 'x-api-key': KEY } })).json()) as { reactions: unknown };
    expect(after.reactions).toEqual({ positive: 0, negative: 0 });
  });

  it('forwards a reaction that comes back (positive, unreact, positive) once per change, keyed by Idempotency-Key', async () => {
    await setUp();
    const { id, token } = await conversation();
    const changes = [['positive', 'k1'], ['unreact', 'k2'], ['positive', 'k3'], ['positive', 'k3']] as const; // the last is a retry
    for (const [content, key] of changes) await track(token, call(id, 'user_reaction', 'r-1', content), '/api/track-agent', { 'Idempotency-Key': key });
    await until(() => pendo.calls.length >= 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(pendo.calls.map((c) => c.body.agenticProperties.content)).toEqual(['positive', 'unreact', 'positive']);
  });

  it('/api/reactions records reactions from browser-tracking widgets without forwarding them, even with forwarding off', async () => {
    gw = await startGateway({ exportApiKeys: [KEY] });
    pendo = await pendoStandIn();
    const { id, token } = await conversation();
    expect(await track(token, call(id, 'user_reaction', 'r-1', 'positive'), '/api/reactions')).toEqual({ status: 202, text: '{"ok":true,"queued":false}' });
    const refused = await track(token, call(id, 'prompt', 'm-1', 'Hello'), '/api/reactions');
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/Only user_reaction calls are recorded here/);
    expect((await track(token, call(id, 'prompt', 'm-1', 'Hello'))).status).toBe(503); // track-agent needs forwarding
    const now = Math.floor(Date.now() / 1000);
    const analytics = (await (await fetch(`${gw.url}/api/analytics?start_time=${now - 60}&end_time=${now + 60}`, { headers: { 'x-api-key': KEY } })).json()) as { reactions: unknown };
    expect(analytics.reactions).toEqual({ positive: 1, negative: 0 });
    expect(pendo.calls).toHaveLength(0);
  });

  it('refuses a missing token, a foreign conversation and malformed calls', async () => {
    await setUp();
    const { id, token } = await conversation();
    const other = await conversation();
    expect((await track('nope', call(id, 'prompt', 'm', 'x'))).status).toBe(401);
    const cases: [unknown, RegExp][] = [
      [call(other.id, 'prompt', 'm', 'x'), /conversation of the token/],
      [call(id, 'opinion', 'm', 'x'), /eventType must be one of prompt, agent_response, user_reaction/],
      [call(id, 'user_reaction', 'm', 'meh'), /content must be positive, negative or unreact/],
      [{ ...call(id, 'prompt', 'm', 'x'), agenticProperties: { ...call(id, 'prompt', 'm', 'x').agenticProperties, suggestedPrompt: 'yes' } }, /suggestedPrompt must be a boolean/],
      [{ eventType: 'prompt' }, /agenticProperties must be an object/],
    ];
    for (const [body, message] of cases) {
      const answer = await track(token, body);
      expect(answer.status).toBe(400);
      expect(answer.text).toMatch(message);
    }
  });
});

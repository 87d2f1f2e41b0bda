// Stands in for an external AI agent behind the seed-001 Chat API in the e2e suite (the real one
// is out of reach): acknowledges each event at once, then acts through the gateway's webhook, as
// PROTOCOL §3 says, with every event a webhook agent has: messages, receipts, typing, progress,
// streamed tokens, a hand-off to a named human. Each gateway it serves is known by its bot id.
// GET /received lists the events it got, so tests can check what reached the upstream.
import { createServer } from 'node:http';

const port = Number(process.env['PORT'] ?? 4320);
/** "botid=webhook URL" pairs, comma-separated: where each gateway takes its agent's events. */
const webhooks = new Map((process.env['GATEWAY_WEBHOOK_URLS'] ?? '').split(',').filter(Boolean).map((pair) => pair.split('=') as [string, string]));
const secret = process.env['WEBHOOK_SECRET'] ?? '';
const apiKey = process.env['UPSTREAM_API_KEY'] ?? '';
const received: unknown[] = [];

interface ChatEvent {
  platformConversationId: string;
  eventType: string;
  text?: string;
  cardIndex?: number;
  messageId?: string;
}

/** One webhook call, after a pause (ms) from the one before. */
type Step = [number, Record<string, unknown>];

const STREAMED = ['Here is ', 'the streamed ', 'answer.'];

function stepsFor(event: ChatEvent): Step[] {
  const send = (data: Record<string, unknown>) => ({ eventType: 'sendMessage', type: 'text', replyId: event.messageId, ...data });
  if (event.eventType === 'startSession') return [[50, send({ text: 'Hello from the upstream bot.' })]];
  if (event.eventType !== 'message') return [];
  const ids = [event.messageId];
  switch (event.text) {
    case 'buttons':
      return [[50, send({ text: 'Shall we go on?', buttons: [{ type: 'button', text: 'Yes' }, { type: 'button', text: 'No' }] })]];
    case 'carousel':
      return [[50, send({
        type: 'carousel', text: 'Two cards',
        carouselCards: [
          { title: 'Card 1', description: 'The first', buttons: [{ type: 'button', text: 'firstCardButton' }] },
          { title: 'Card 2', description: 'The second', buttons: [{ type: 'button', text: 'secondCardButton' }] },
        ],
      })]];
    case 'agent':
      return [[50, { eventType: 'escalate' }]];
    case 'stream': {
      const messageId = crypto.randomUUID();
      return [
        [50, { eventType: 'delivered', messageIds: ids }],
        [150, { eventType: 'read', messageIds: ids }],
        [150, { eventType: 'typing', on: true }],
        [300, { eventType: 'progress', text: 'Looking it up…' }],
        ...STREAMED.map((text, i): Step => [300, { eventType: 'streamToken', messageId, sequence: i + 1, text }]),
        [300, { eventType: 'typing', on: false }],
        [50, send({ messageId, text: STREAMED.join('') })],
      ];
    }
    case 'human':
      return [
        [50, { eventType: 'escalate' }],
        [200, { eventType: 'participant', operation: 'add', displayName: 'Alex', role: 'Agent' }],
        [200, { eventType: 'typing', on: true }],
        [300, send({ text: "Hi, I'm Alex, a person. How can I help?" })],
      ];
    default: {
      const picked = event.cardIndex === undefined ? '' : ` (card ${event.cardIndex + 1})`;
      return [[50, send({ text: `Upstream got: ${event.text}${picked}` })]];
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function play(botId: string, conversationId: string, steps: Step[]) {
  const url = webhooks.get(botId);
  if (!url) return console.error(`fake upstream: no webhook URL for bot ${botId}`);
  for (const [delay, data] of steps) {
    await pause(delay);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Webhook-Secret': secret },
      body: JSON.stringify({ botId, data: { platformConversationId: conversationId, ...data } }),
    });
    if (!response.ok) console.error(`fake upstream: the webhook answered ${response.status} to ${JSON.stringify(data)}: ${await response.text()}`);
  }
}

createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/received') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(received));
  if (req.method !== 'POST' || !req.url?.endsWith('/converse/chat')) return res.writeHead(404).end();
  if (req.headers.authorization !== apiKey) return res.writeHead(401).end('{}');
  let body = '';
  for await (const chunk of req) body += chunk;
  const event = JSON.parse(body) as ChatEvent;
  const botId = String(req.headers['botid']);
  received.push({ botid: botId, ...event });
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  void play(botId, event.platformConversationId, stepsFor(event)).catch((error: unknown) => console.error('fake upstream: webhook failed', error));
}).listen(port, '127.0.0.1', () => console.log(`fake upstream listening on http://127.0.0.1:${port}/`));

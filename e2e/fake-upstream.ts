// Stands in for an external AI-agent Chat API in the e2e suite (the real one is out of reach):
// acknowledges each event at once, then answers through the gateway's webhook, as seed 001 says.
// GET /received lists the events it got, so tests can check what reached the upstream.
import { createServer } from 'node:http';

const port = Number(process.env['PORT'] ?? 4320);
const webhookUrl = process.env['GATEWAY_WEBHOOK_URL'] ?? 'http://127.0.0.1:4321/converse-webhook';
const secret = process.env['WEBHOOK_SECRET'] ?? '';
const apiKey = process.env['UPSTREAM_API_KEY'] ?? '';
const received: unknown[] = [];

interface ChatEvent {
  platformConversationId: string;
  eventType: string;
  text?: string;
  cardIndex?: number;
}

function replyFor(event: ChatEvent): Record<string, unknown> | null {
  const base = { platformConversationId: event.platformConversationId, replyId: crypto.randomUUID() };
  if (event.eventType === 'startSession') return { ...base, eventType: 'sendMessage', type: 'text', text: 'Hello from the upstream bot.' };
  if (event.eventType !== 'message') return null;
  if (event.text === 'buttons') {
    return { ...base, eventType: 'sendMessage', type: 'text', text: 'Shall we go on?', buttons: [{ type: 'button', text: 'Yes' }, { type: 'button', text: 'No' }] };
  }
  if (event.text === 'carousel') {
    return {
      ...base, eventType: 'sendMessage', type: 'carousel', text: 'Two cards',
      carouselCards: [
        { title: 'Card 1', description: 'The first', buttons: [{ type: 'button', text: 'firstCardButton' }] },
        { title: 'Card 2', description: 'The second', buttons: [{ type: 'button', text: 'secondCardButton' }] },
      ],
    };
  }
  if (event.text === 'agent') return { ...base, eventType: 'escalate' };
  const picked = event.cardIndex === undefined ? '' : ` (card ${event.cardIndex + 1})`;
  return { ...base, eventType: 'sendMessage', type: 'text', text: `Upstream got: ${event.text}${picked}` };
}

createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/received') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(received));
  if (req.method !== 'POST' || !req.url?.endsWith('/converse/chat')) return res.writeHead(404).end();
  if (req.headers.authorization !== apiKey) return res.writeHead(401).end('{}');
  let body = '';
  for await (const chunk of req) body += chunk;
  const event = JSON.parse(body) as ChatEvent;
  received.push({ botid: req.headers['botid'], ...event });
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  const reply = replyFor(event);
  if (reply) {
    setTimeout(() => {
      void fetch(webhookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Webhook-Secret': secret },
        body: JSON.stringify({ botId: req.headers['botid'], data: reply }),
      }).catch((error: unknown) => console.error('fake upstream: webhook failed', error));
    }, 50);
  }
}).listen(port, '127.0.0.1', () => console.log(`fake upstream listening on http://127.0.0.1:${port}/`));

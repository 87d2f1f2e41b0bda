// What the browser benchmarks share: a local server speaking just enough of the gateway's
// protocol (a token from the Chat API, an SSE stream the benchmark writes to) around the built
// script-tag bundle, the envelope of an SSE event, and the peer (deep-chat) on a page of its own.
import { readFileSync, readdirSync } from 'node:fs';
import { type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { BOT, type Sender, VISITOR, envelope } from '../demo/server/events/envelope';
import { eventNameOf } from '../demo/server/events/event-names';
import { formatEvent } from '../demo/server/events/sse';
import type { WireEntryPayload } from '../widget/protocol/wire';

/** A conversation id as the gateway issues them (a UUID), for the benchmarks' streams. */
export const CONVERSATION_ID = randomUUID();

/**
 * One event exactly as the gateway writes it (PROTOCOL §2): its envelope, event name and framing
 * come from the gateway's own code, so the bytes (UUIDs, timestamps, names) are the real ones.
 */
export function sseEvent(payload: WireEntryPayload, sender: Sender = BOT, id?: number): string {
  const data = JSON.stringify(envelope(CONVERSATION_ID, BOT.displayName, payload, sender, Date.now()));
  return formatEvent({ name: eventNameOf(payload), data, ...(id !== undefined && { id }) });
}

export const textMessage = (id: string, text: string, role: 'EndUser' | 'Chatbot' = 'Chatbot', eventId?: number) =>
  sseEvent({ entryType: 'Message', id, abstractMessage: { messageType: 'StaticContentMessage', id, staticContent: { formatType: 'Text', text } } }, role === 'EndUser' ? VISITOR : BOT, eventId);

/** Listens on a free loopback port; closing also ends the event streams still open. */
async function listen(server: Server, streams: ServerResponse[]): Promise<{ url: string; close(): void }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close() {
      for (const stream of streams) stream.destroy();
      server.close();
    },
  };
}

const scriptsIn = (dir: string): [string, Buffer][] => readdirSync(dir).filter((name) => /^agent-chat.*\.js$/.test(name)).map((name) => [`/${name}`, readFileSync(`${dir}/${name}`)]);

/**
 * Serves a page with the widget (not started unless `startOpen`: call AgentChat.open()) and hands
 * the first SSE connection of each page load to `onStream`; reconnects get an idle stream.
 * `modulesDir` replaces the built modules the script tag imports (an instrumented build).
 */
export async function serveWidget(onStream: (res: ServerResponse) => void, { startOpen = false, modulesDir = '' } = {}): Promise<{ url: string; close(): void }> {
  // The script tag and the modules it imports from beside itself.
  const scripts = new Map([...scriptsIn('dist'), ...(modulesDir ? scriptsIn(modulesDir) : [])]);
  let connected = false;
  const start = startOpen ? ' data-start-open' : '';
  const streams: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const script = scripts.get(req.url ?? '');
    if (script) return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    if (req.url === '/converse/chat') return res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"token":"t"}');
    if (req.url === '/eventrouter/v1/sse') {
      // Headers go out at once: the connection is open before the benchmark writes to it.
      res.writeHead(200, { 'Content-Type': 'text/event-stream' }).flushHeaders();
      streams.push(res);
      if (!connected) onStream(res);
      connected = true;
      return;
    }
    connected = false; // a new page load: its first stream gets the script again
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(
      `<!doctype html><html lang="en"><title>bench</title><body><script src="/agent-chat.js" data-api-base="/" data-agent-id="bench"${start}></script></body></html>`,
    );
  });
  return listen(server, streams);
}

/**
 * Serves deep-chat's browser bundle (a dev dependency) on a page, configured as its documentation
 * says for a streaming endpoint: `connect: { url, stream: true }`, given as the element's attribute
 * (set as a property after it rendered, it renders again, replacing the message box the start-up
 * benchmark has just found usable). Each message the visitor sends is a POST to /chat whose open
 * event stream goes to `onStream`.
 */
export async function serveDeepChat(onStream: (res: ServerResponse) => void = () => {}): Promise<{ url: string; close(): void }> {
  const bundle = readFileSync('node_modules/deep-chat/dist/deepChat.bundle.js');
  const streams: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/deepChat.bundle.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
    if (req.url === '/chat') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' }).flushHeaders();
      streams.push(res);
      return onStream(res);
    }
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><html lang="en"><title>peer</title><body>
<script type="module" src="/deepChat.bundle.js"></script>
<deep-chat connect='{"url": "/chat", "stream": true}'></deep-chat></body></html>`);
  });
  return listen(server, streams);
}

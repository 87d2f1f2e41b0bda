// Gateway benchmark, loopback only and bounded: open SSE connections one process holds, memory
// per connection, fan-out latency of a message to every subscriber of a conversation, and Chat
// API throughput (autocannon). Fails below 10,000 connections.
import { mkdtempSync, rmSync } from 'node:fs';
import { type ClientRequest, Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { memoryKb, postChat, startGateway } from './gateway-process';
import { describeMachine, writeResults } from './results-file';

const PORT = 4391;
const BASE = `http://127.0.0.1:${PORT}`;
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10_000);
const PER_CONVERSATION = 10;
const ROOM = 1000; // subscribers of the one conversation the fan-out is measured on

const percentile = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor((list.length * p) / 100))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

async function newConversation(): Promise<{ id: string; token: string }> {
  const id = crypto.randomUUID();
  const body = await postChat(BASE, agent, { platformConversationId: id, eventType: 'metadata', metadata: [{ key: 'bench', value: '1' }] });
  return { id, token: body['token'] as string };
}

/** Opens one SSE stream; `onData` sees every chunk. Resolves once the gateway answered 200. */
function openStream(token: string, onData: (text: string) => void): Promise<ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = request(`${BASE}/eventrouter/v1/sse`, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE answered ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', onData);
      resolve(req);
    });
    req.on('error', reject);
    req.end();
  });
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, k) => make(i + k)))));
  return out;
}

const machine = describeMachine();
const dataDir = mkdtempSync(join(tmpdir(), 'agent-chat-bench-'));
const gateway = await startGateway(PORT, dataDir, {
  DEMO_BOT_TOKEN_MS: '1000', SSE_PING_MS: '15000',
  MAX_SSE_CONNECTIONS: String(CONNECTIONS + ROOM + 100), MAX_SSE_PER_CONVERSATION: String(ROOM),
  MAX_SSE_PER_ADDRESS: String(CONNECTIONS + ROOM + 100), // every stream comes from this one address
});
const streams: ClientRequest[] = [];
try {
  const idleRss = memoryKb(gateway.pid!);
  const conversations = await inBatches(CONNECTIONS / PER_CONVERSATION, 50, () => newConversation());
  const beforeStreams = memoryKb(gateway.pid!);
  const openStarted = performance.now();
  streams.push(...(await inBatches(CONNECTIONS, 250, (i) => openStream(conversations[Math.floor(i / PER_CONVERSATION)]!.token, () => {}))));
  const openSeconds = (performance.now() - openStarted) / 1000;
  await sleep(1000);
  const withStreams = memoryKb(gateway.pid!);

  // Fan-out: one conversation with ROOM subscribers; the time from POST to each one seeing the echo.
  const room = await newConversation();
  const arrivals: number[] = [];
  let sentAt = 0;
  let marker = '';
  streams.push(...(await inBatches(ROOM, 250, () => openStream(room.token, (text) => marker && text.includes(marker) && arrivals.push(performance.now() - sentAt)))));
  await sleep(500);
  const fanout: number[] = [];
  for (let round = 0; round < 20; round++) {
    arrivals.length = 0;
    marker = `fanout-${round}-${crypto.randomUUID()}`;
    sentAt = performance.now();
    await postChat(BASE, agent, { platformConversationId: room.id, eventType: 'message', text: marker, messageId: crypto.randomUUID() }, room.token);
    for (let wait = 0; arrivals.length < ROOM && wait < 200; wait++) await sleep(10);
    fanout.push(...arrivals);
  }

  // Chat API throughput: metadata events (no bot work) on one conversation, keep-alive, 5 s.
  const target = await newConversation();
  const load = await autocannon({
    url: `${BASE}/converse/chat`, method: 'POST', connections: 50, duration: 5,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${target.token}` },
    body: JSON.stringify({ platformConversationId: target.id, eventType: 'metadata', metadata: [{ key: 'k', value: 'v' }] }),
  });

  const result = {
    connections: CONNECTIONS + ROOM,
    openSeconds: Number(openSeconds.toFixed(1)),
    rssIdleMb: Math.round(idleRss / 1024),
    rssWithStreamsMb: Math.round(withStreams / 1024),
    kbPerConnection: Number(((withStreams - beforeStreams) / CONNECTIONS).toFixed(1)),
    fanoutSubscribers: ROOM,
    fanoutDeliveries: fanout.length,
    fanoutP50Ms: Number(percentile(fanout, 50).toFixed(1)),
    fanoutP99Ms: Number(percentile(fanout, 99).toFixed(1)),
    chatApiRequestsPerSecond: Math.round(load.requests.average),
    chatApiP99Ms: load.latency.p99,
    chatApiErrors: load.errors + load.non2xx,
  };
  console.log('\nGateway (one process, loopback)');
  console.table({
    'SSE connections': { value: result.connections, note: `opened in ${result.openSeconds} s` },
    'memory (RSS)': { value: `${result.rssWithStreamsMb} MB`, note: `${result.rssIdleMb} MB idle, ${result.kbPerConnection} KB per connection` },
    'fan-out to 1,000': { value: `p50 ${result.fanoutP50Ms} ms`, note: `p99 ${result.fanoutP99Ms} ms over ${result.fanoutDeliveries} deliveries` },
    'Chat API': { value: `${result.chatApiRequestsPerSecond} req/s`, note: `p99 ${result.chatApiP99Ms} ms, ${result.chatApiErrors} errors` },
  });
  writeResults('gateway', { machine, ...result });
  if (CONNECTIONS < 10_000 || result.fanoutDeliveries < 20 * ROOM) throw new Error('the gateway did not hold every connection or deliver every message');
  console.log(`OK: ${result.connections.toLocaleString('en')} open event streams on one process.`);
} finally {
  for (const stream of streams) stream.destroy();
  agent.destroy();
  gateway.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

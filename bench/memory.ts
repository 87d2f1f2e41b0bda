// Memory benchmark: the gateway's resident memory after many conversations, each with several
// long streamed replies and nobody listening, so every typing, progress and token event lands in
// the in-process hub's replay buffer. Fails above the stated bound.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { memoryKb, postChat, startGateway } from './gateway-process';
import { describeMachine, writeResults } from './results-file';

const PORT = 4392;
const BASE = `http://127.0.0.1:${PORT}`;
const CONVERSATIONS = Number(process.env['BENCH_CONVERSATIONS'] ?? 2000);
const REPLIES = 3;
/** Visitors talking at the same time. */
const CONCURRENCY = 200;
const BOUND_MB = 300;

const memoryMb = (pid: number, field: 'VmRSS' | 'VmHWM') => Math.round(memoryKb(pid, field) / 1024);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// No keep-alive: a visitor waits longer between messages than the server keeps an idle connection.
const agent = new Agent({ keepAlive: false, maxSockets: 64 });

/** Resolves once the conversation holds `count` replies from the bot. */
async function repliesIn(id: string, count: number) {
  while ((repliesOf.get(id) as { n: number }).n < count) await sleep(100);
}

/** One visitor: asks for the long streamed answer, waits for it, asks again. */
async function converse() {
  const id = crypto.randomUUID();
  let token: string | undefined;
  for (let i = 1; i <= REPLIES; i++) {
    const answer = await postChat(BASE, agent, { platformConversationId: id, eventType: 'message', text: 'Show me the long answer', messageId: crypto.randomUUID() }, token);
    token ??= answer['token'] as string;
    await repliesIn(id, i);
  }
}

const machine = describeMachine();
const dataDir = mkdtempSync(join(tmpdir(), 'agent-chat-memory-'));
const gateway = await startGateway(PORT, dataDir, { DEMO_BOT_TOKEN_MS: '1' });
const db = new Database(join(dataDir, 'agent-chat.db'), { readonly: true });
const repliesOf = db.prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND role = 'Chatbot'");
try {
  await sleep(500);
  const idleMb = memoryMb(gateway.pid!, 'VmRSS');
  const started = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < CONVERSATIONS) {
      next++;
      await converse();
    }
  }));
  const expected = CONVERSATIONS * REPLIES;
  const seconds = (Date.now() - started) / 1000;
  const result = { conversations: CONVERSATIONS, replies: expected, seconds: Number(seconds.toFixed(1)), idleMb, rssMb: memoryMb(gateway.pid!, 'VmRSS'), peakRssMb: memoryMb(gateway.pid!, 'VmHWM'), boundMb: BOUND_MB };
  console.log('\nGateway memory (one process, replay buffers full)');
  console.table({
    'conversations': { value: result.conversations.toLocaleString('en'), note: `${REPLIES} long streamed replies each, ${seconds.toFixed(0)} s` },
    'RSS after': { value: `${result.rssMb} MB`, note: `${result.idleMb} MB idle; bound ${BOUND_MB} MB` },
    'peak RSS': { value: `${result.peakRssMb} MB`, note: 'highest during the run' },
  });
  writeResults('memory', { machine, ...result });
  if (result.rssMb > BOUND_MB) throw new Error(`the gateway holds ${result.rssMb} MB after the run, over the ${BOUND_MB} MB bound`);
  console.log(`OK: ${result.rssMb} MB after ${CONVERSATIONS.toLocaleString('en')} conversations × ${REPLIES} streamed replies (bound ${BOUND_MB} MB).`);
} finally {
  db.close();
  agent.destroy();
  gateway.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

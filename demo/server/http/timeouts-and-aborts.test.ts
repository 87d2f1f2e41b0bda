// Slow or aborted requests: cut after the header, body and idle timeouts (event streams exempt), and
// an aborted upload is not logged as a crash.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SseEvent, type TestGateway, chat, readSse, startConversation, startGateway } from '../testing/test-support';

let gw: TestGateway;
afterEach(async () => {
  vi.restoreAllMocks();
  await gw?.close();
});

/** Sends raw bytes; resolves with what the server answered and when it closed (or null after `waitMs`). */
function raw(port: number, bytes: string, waitMs: number): Promise<{ answer: string; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ answer, closedAfterMs: null });
    }, waitMs);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
  });
}

const portOf = (gateway: TestGateway) => Number(new URL(gateway.url).port);

describe('HTTP timeouts', () => {
  it('cuts a request body that never ends', { timeout: 10_000 }, async () => {
    gw = await startGateway({ limits: { headersTimeoutMs: 400, requestTimeoutMs: 600, idleTimeoutMs: 5000 } });
    const { closedAfterMs, answer } = await raw(portOf(gw), 'POST /converse/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n', 5000);
    expect(closedAfterMs).not.toBeNull();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts a client that never finishes its headers', { timeout: 10_000 }, async () => {
    gw = await startGateway({ limits: { headersTimeoutMs: 400, requestTimeoutMs: 600, idleTimeoutMs: 5000 } });
    const { closedAfterMs } = await raw(portOf(gw), 'GET / HTTP/1.1\r\nHost: x\r\n', 5000);
    expect(closedAfterMs).not.toBeNull();
  });

  it('cuts a connection that sends nothing', { timeout: 10_000 }, async () => {
    gw = await startGateway({ limits: { headersTimeoutMs: 5000, requestTimeoutMs: 6000, idleTimeoutMs: 400 } });
    const { closedAfterMs } = await raw(portOf(gw), '', 4000);
    expect(closedAfterMs).not.toBeNull();
  });

  it('keeps an event stream open past every timeout', async () => {
    gw = await startGateway({ pingMs: 60_000, limits: { headersTimeoutMs: 300, requestTimeoutMs: 400, idleTimeoutMs: 300 } });
    const { id, token } = await startConversation(gw);
    const messageId = randomUUID();
    setTimeout(() => void chat(gw, { platformConversationId: id, eventType: 'message', text: 'still there?', messageId }, token), 1500);
    const { events } = await readSse(gw, token, (seen: SseEvent[]) => seen.some((e) => e.data.includes(messageId)), undefined, 4000);
    expect(events.some((e) => e.data.includes(messageId))).toBe(true);
  });
});

describe('client aborts', () => {
  it('are not logged as crashes', async () => {
    gw = await startGateway();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await raw(portOf(gw), 'POST /converse/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"platformConversationId":', 200);
    await new Promise((r) => setTimeout(r, 200));
    expect(errors).not.toHaveBeenCalled();
  });
});

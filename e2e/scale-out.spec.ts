// Scale-out: two gateway instances on one PostgreSQL and one Redis (Debian's, started here on
// throwaway data directories), behind a load balancer that sends the widget's Chat API calls to
// instance A and its event stream to instance B. B is killed mid-answer; the balancer sends the
// reconnect to A, which replays from Last-Event-ID what B's stream had not delivered.
import { type ChildProcess, spawn } from 'node:child_process';
import { type Server, createServer, request } from 'node:http';
import { expect, test } from '@playwright/test';
import { startThrowawayPostgres } from '../demo/server/testing/throwaway-postgres';
import { startThrowawayRedis } from '../demo/server/testing/throwaway-redis';
import { askUntilSecondAnswerStreams, messages, openChat, pendoCalls, savedSession, storedMessages } from './support';

// Ports of their own, clear of playwright.config.ts's web servers (E2E_PORT + 0…12).
const base = Number(process.env['E2E_PORT'] ?? 4319);
const [PORT_A, PORT_B, PORT_BALANCER] = [base + 31, base + 32, base + 33];
const urlOf = (port: number) => `http://127.0.0.1:${port}`;

function startGateway(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), DATA_DIR: `.tmp/e2e-scale-out-${port}`, DEMO_BOT_TOKEN_MS: '40' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve(child));
    child.on('exit', (code) => reject(new Error(`gateway on ${port} exited with ${code}`)));
  });
}

/** Where the balancer sent each request: the path and the instance's port. */
type Routed = { path: string; port: number }[];

/**
 * A load balancer (HTTP): the Chat API goes to instance A, everything else (the page, the event
 * stream) to the current target; a request whose instance dies mid-response is cut off.
 */
function startBalancer(port: number, chatApiPort: number, target: { port: number }, routed: Routed): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://balancer').pathname;
    const to = path === '/converse/chat' ? chatApiPort : target.port;
    routed.push({ path, port: to });
    const upstream = request({ host: '127.0.0.1', port: to, method: req.method, path: req.url, headers: req.headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('close', () => answer.complete || res.destroy());
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

test('two instances: chat through A, stream through B, B killed mid-answer, resume on A: exact transcript, tracked once', async ({ page }) => {
  test.setTimeout(120_000);
  const [postgres, redis] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis()]);
  const env = { DATABASE_URL: postgres.url, REDIS_URL: redis.url, TOKEN_SECRET: 'e2e-scale-out-secret' };
  const gateways: ChildProcess[] = [];
  const target = { port: PORT_B };
  const routed: Routed = [];
  const balancer = await startBalancer(PORT_BALANCER, PORT_A, target, routed);
  try {
    gateways.push(await startGateway(PORT_A, env));
    gateways.push(await startGateway(PORT_B, env));
    const [, gatewayB] = gateways;

    await page.goto(`${urlOf(PORT_BALANCER)}/`);
    const dialog = await openChat(page);
    // The welcome and the answers are written by A and streamed by B. B dies while the second
    // answer streams through it; the balancer turns to A.
    const composer = await askUntilSecondAnswerStreams(dialog);
    target.port = PORT_A;
    gatewayB!.kill('SIGKILL');
    await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
    await composer.fill('How much does it cost?');
    await composer.press('Enter');
    await expect(dialog.getByRole('log').getByText(/free and open source/)).toBeVisible({ timeout: 20_000 });
    await expect(dialog.getByRole('status', { name: 'Reconnecting…' })).toHaveCount(0);

    // The stream really went to B first and to A after; every Chat API call went to A.
    const streams = routed.filter((r) => r.path === '/eventrouter/v1/sse').map((r) => r.port);
    expect(streams[0]).toBe(PORT_B);
    expect(streams.at(-1)).toBe(PORT_A);
    expect(new Set(routed.filter((r) => r.path === '/converse/chat').map((r) => r.port))).toEqual(new Set([PORT_A]));

    // What A stored, once each and in order, is exactly what the visitor sees: the same count,
    // message by message, ending with the last answer (so none is missing on either side).
    const shown = await messages(dialog).allInnerTexts();
    const { token } = await savedSession(page);
    const stored = await storedMessages(token, shown.length, urlOf(PORT_A));
    const questions = ['How do I add the widget?', 'What does the tracking send?', 'How much does it cost?'];
    expect(stored.filter((m) => m.role === 'EndUser').map((m) => m.text)).toEqual(questions);
    expect(stored.at(-1)!.text).toMatch(/free and open source/);
    expect(new Set(stored.map((m) => m.id)).size).toBe(stored.length);
    stored.forEach((m, i) => expect(shown[i], `message ${i + 1}`).toContain(m.text.split('\n')[0]!.replace(/[*`_]/g, '').slice(0, 20)));
    for (const question of questions) expect(shown.filter((text) => text.includes(question)), question).toHaveLength(1);

    // One Pendo call per stored message, in message order: nothing tracked twice across the failover.
    const calls = await pendoCalls(page);
    expect(calls.map((c) => `${c.eventType}:${c.agenticProperties['messageId']}`)).toEqual(
      stored.map((m) => `${m.role === 'EndUser' ? 'prompt' : 'agent_response'}:${m.id}`),
    );
  } finally {
    // The instances first (they close their connections), then the engines under them.
    await Promise.all(gateways.map((gateway) => gateway.exitCode === null && gateway.signalCode === null
      ? new Promise((resolve) => gateway.once('exit', resolve).kill('SIGTERM'))
      : undefined));
    balancer.close();
    await Promise.all([postgres.stop(), redis.stop()]);
  }
});

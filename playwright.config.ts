import { defineConfig } from '@playwright/test';

// Real Chromium from the system (Debian's package): nothing is downloaded at test time.
export const chromium = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
};

const port = Number(process.env['E2E_PORT'] ?? 4319);
export const baseURL = `http://127.0.0.1:${port}`;
/** A second gateway, in upstream mode, relaying to the fake upstream bot. */
const upstreamGatewayPort = port + 2;
const fakeUpstreamPort = port + 1;
export const upstreamGatewayURL = `http://127.0.0.1:${upstreamGatewayPort}`;
/** A third gateway relaying to the same fake upstream, whose conversations time out after 3 s of visitor silence. */
const idleGatewayPort = port + 4;
export const idleGatewayURL = `http://127.0.0.1:${idleGatewayPort}`;
export const IDLE_SECONDS = 3;
export const fakeUpstreamURL = `http://127.0.0.1:${fakeUpstreamPort}`;
/** A third gateway, answering with an OpenAI-compatible agent: the OpenAI-compatible test server. */
const fakeOpenAiPort = port + 7;
const openAiGatewayPort = port + 8;
export const fakeOpenAiURL = `http://127.0.0.1:${fakeOpenAiPort}`;
export const openAiGatewayURL = `http://127.0.0.1:${openAiGatewayPort}`;
/** The model the OpenAI-mode gateway asks for (the test server answers as another). */
export const OPENAI_MODEL = 'e2e-configured-model';
const OPENAI_API_KEY = 'e2e-openai-key';
const WEBHOOK_SECRET = 'e2e-webhook-secret';
export const EXPORT_API_KEY = 'e2e-export-key';
const UPSTREAM_API_KEY = 'e2e-upstream-key';

const freshDataDir = (dir: string) => `node -e "fs.rmSync('${dir}',{recursive:true,force:true})"`;

/** A gateway of its own on `gatewayPort`, on a throwaway data directory, with `env` added. */
const gatewayServer = (gatewayPort: number, dataDir: string, env: Record<string, string>) => ({
  command: `${freshDataDir(dataDir)} && tsx demo/server/main.ts`,
  url: `http://127.0.0.1:${gatewayPort}/`,
  reuseExistingServer: false,
  timeout: 60_000,
  env: { PORT: String(gatewayPort), DATA_DIR: dataDir, ...env },
});

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env['CI'],
  // One retry: on a loaded 2-core machine a timing race in a test can lose once. The list names a
  // test that passed only on its retry "flaky", and each such race found is fixed in the test.
  retries: 1,
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: chromium,
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      // The real gateway with its demo bot.
      // PUBLIC_URL: the demo's images must come from the page's own origin (its CSP allows img-src 'self').
      ...gatewayServer(port, '.tmp/e2e-data', { PUBLIC_URL: `${baseURL}/`, DEMO_BOT_TOKEN_MS: '15', EXPORT_API_KEYS: EXPORT_API_KEY }),
      stdout: 'pipe',
    },
    {
      command: 'tsx e2e/fake-upstream.ts',
      url: `${fakeUpstreamURL}/received`,
      reuseExistingServer: false,
      env: {
        PORT: String(fakeUpstreamPort), WEBHOOK_SECRET, UPSTREAM_API_KEY,
        GATEWAY_WEBHOOK_URLS: `e2e-bot=${upstreamGatewayURL}/converse-webhook,e2e-idle-bot=${idleGatewayURL}/converse-webhook`,
      },
    },
    // The same gateway in upstream mode: widget → gateway → fake upstream → webhook → SSE → widget.
    gatewayServer(upstreamGatewayPort, '.tmp/e2e-upstream-data', {
      UPSTREAM_URL: fakeUpstreamURL, UPSTREAM_API_KEY, UPSTREAM_BOT_ID: 'e2e-bot', WEBHOOK_SECRET, EXPORT_API_KEYS: EXPORT_API_KEY,
    }),
    // Minutes are coarse: SESSION_IDLE_MINUTES takes fractions (0.05 min = 3 s).
    gatewayServer(idleGatewayPort, '.tmp/e2e-idle-data', {
      SESSION_IDLE_MINUTES: String(IDLE_SECONDS / 60), UPSTREAM_URL: fakeUpstreamURL, UPSTREAM_API_KEY, UPSTREAM_BOT_ID: 'e2e-idle-bot', WEBHOOK_SECRET,
    }),
    {
      command: 'tsx e2e/fake-openai.ts',
      url: `${fakeOpenAiURL}/received`,
      reuseExistingServer: false,
      env: { PORT: String(fakeOpenAiPort), OPENAI_API_KEY },
    },
    // The same gateway answering with an OpenAI-compatible agent: widget → gateway → chat/completions → SSE → widget.
    gatewayServer(openAiGatewayPort, '.tmp/e2e-openai-data', {
      OPENAI_BASE_URL: `${fakeOpenAiURL}/v1`, OPENAI_MODEL, OPENAI_API_KEY, AGENT_NAME: 'Nova',
      AGENT_INSTRUCTIONS: 'You are Nova, the Northwind support agent.', OPENAI_TIMEOUT_MS: '1500',
    }),
  ],
});

import { defineConfig } from '@playwright/test';

// Real Chromium from the system (Debian's package): nothing is downloaded at test time.
export const chromium = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
};

const port = Number(process.env['E2E_PORT'] ?? 4319);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env['CI'],
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: chromium,
    trace: 'retain-on-failure',
  },
  webServer: {
    // The real gateway on a throwaway data directory, serving the built demo page and bundle.
    command: "node -e \"fs.rmSync('.tmp/e2e-data',{recursive:true,force:true})\" && tsx demo/server/main.ts",
    url: `${baseURL}/`,
    reuseExistingServer: false,
    stdout: 'pipe',
    timeout: 60_000,
    env: { PORT: String(port), DATA_DIR: '.tmp/e2e-data', DEMO_BOT_TOKEN_MS: '15' },
  },
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { openChat } from './support';

const APP = resolve('.tmp/npm-app');

// One worker builds the app once for both tests.
test.describe.configure({ mode: 'serial' });

/**
 * Packs the library as npm would publish it, installs the tarball in a brand-new app, type-checks
 * and bundles that app with Vite: what a customer does with `npm install agent-chat`.
 */
test.beforeAll(() => {
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(join(APP, 'src'), { recursive: true });
  const tarball = execFileSync('npm', ['pack', '--pack-destination', APP], { encoding: 'utf8' }).trim().split('\n').pop()!;
  writeFileSync(join(APP, 'package.json'), JSON.stringify({ name: 'customer-app', private: true, type: 'module', dependencies: { 'agent-chat': `file:./${tarball}` } }));
  writeFileSync(
    join(APP, 'src/main.ts'),
    `import { mount, type AgentChatApi } from 'agent-chat';
const chat: AgentChatApi = mount(document.getElementById('support')!, { apiBase: '/', agentId: 'support-bot', title: 'Shop help' });
chat.on('ready', () => document.body.setAttribute('data-chat-ready', 'yes'));
`,
  );
  writeFileSync(join(APP, 'index.html'), '<!doctype html><html lang="en"><title>customer</title><body><div id="support"></div><script type="module" src="/src/main.ts"></script></body></html>');
  // A second page uses the custom element instead.
  writeFileSync(join(APP, 'src/element.ts'), "import 'agent-chat/element';\n");
  writeFileSync(
    join(APP, 'element.html'),
    '<!doctype html><html lang="en"><title>customer</title><body><agent-chat api-base="/" agent-id="element-bot" title="Element help"></agent-chat><script type="module" src="/src/element.ts"></script></body></html>',
  );
  writeFileSync(join(APP, 'vite.config.js'), "export default { build: { rollupOptions: { input: ['index.html', 'element.html'] } } };\n");
  writeFileSync(join(APP, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', lib: ['ES2022', 'DOM'], noEmit: true, skipLibCheck: false }, include: ['src'] }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: APP, stdio: 'ignore' });
  const bin = (name: string) => resolve('node_modules/.bin', name);
  execFileSync(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: APP, stdio: 'inherit' });
  execFileSync(bin('vite'), ['build', '--base', '/npm-app/', '--outDir', 'dist', '--emptyOutDir'], { cwd: APP, stdio: 'ignore' });
});

test('the npm package works in a fresh app: types check, it bundles, and the widget chats', async ({ page }) => {
  test.setTimeout(120_000);
  const dist = join(APP, 'dist');
  // Serve the app's build under /npm-app/ on the gateway's origin, so its API is same-origin.
  await page.route('**/npm-app/**', (route) => {
    const path = new URL(route.request().url()).pathname.replace('/npm-app/', '') || 'index.html';
    const file = join(dist, path);
    route.fulfill({ body: readFileSync(file), contentType: file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html' });
  });
  expect(readdirSync(join(APP, 'node_modules/agent-chat/dist'))).toEqual(expect.arrayContaining(['agent-chat.mjs', 'element.mjs', 'agent-chat.js', 'types']));
  await page.goto('/npm-app/index.html');
  await expect(page.locator('body')).toHaveAttribute('data-chat-ready', 'yes');
  const dialog = await openChat(page, 'Shop help');
  await dialog.getByRole('textbox', { name: 'Message' }).fill('hello from npm');
  await dialog.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(dialog.getByRole('log').getByText('hello from npm')).toBeVisible();
  await expect(dialog.getByText('Read')).toBeVisible({ timeout: 15_000 });
});

test('<agent-chat> from agent-chat/element mounts from its attributes and leaves with the element', async ({ page }) => {
  const dist = join(APP, 'dist');
  await page.route('**/npm-app/**', (route) => {
    const file = join(dist, new URL(route.request().url()).pathname.replace('/npm-app/', ''));
    route.fulfill({ body: readFileSync(file), contentType: file.endsWith('.js') ? 'text/javascript' : 'text/html' });
  });
  await page.goto('/npm-app/element.html');
  const dialog = await openChat(page, 'Element help');
  await dialog.getByRole('textbox', { name: 'Message' }).fill('hello from the element');
  await dialog.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(dialog.getByRole('log').getByText('hello from the element')).toBeVisible();
  expect(await page.evaluate(() => typeof (document.querySelector('agent-chat') as unknown as { api: { open(): void } }).api.open)).toBe('function');
  await page.evaluate(() => document.querySelector('agent-chat')!.remove());
  await expect(page.getByRole('button', { name: 'Open chat' })).toHaveCount(0);
});

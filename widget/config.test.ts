import { describe, expect, it } from 'vitest';
import { type AgentChatConfig, ConfigError, resolveConfig } from './config';

const base = 'https://shop.example/page';
const resolve = (config: Record<string, unknown>) => resolveConfig(config as unknown as AgentChatConfig, base);

describe('resolveConfig', () => {
  it('fills defaults and resolves URLs against the page and the gateway', () => {
    expect(resolve({ apiBase: '/gw', agentId: ' bot ' })).toMatchObject({
      agentId: 'bot', title: 'Chat', theme: 'auto', position: 'right', persist: 'local', startOpen: false, pendo: 'auto',
      chatApiUrl: 'https://shop.example/gw/converse/chat', sseUrl: 'https://shop.example/gw/eventrouter/v1/sse',
      agentModelsUsed: [], properties: {},
    });
    expect(resolve({ apiBase: 'https://chat.example/', agentId: 'a', sseUrl: 'https://events.example/sse', tracking: { pendo: false } })).toMatchObject({
      chatApiUrl: 'https://chat.example/converse/chat', sseUrl: 'https://events.example/sse', pendo: false,
    });
  });

  it.each([
    [{ agentId: 'a' }, 'agent-chat: "apiBase" (data-api-base) is required; got undefined.'],
    [{ apiBase: 'https://x.example' }, 'agent-chat: "agentId" (data-agent-id) is required; got undefined.'],
    [{ apiBase: 'javascript:alert(1)', agentId: 'a' }, /"apiBase" must be an http\(s\) URL/],
    [{ apiBase: 'https://x.example', agentId: 'a', theme: 'neon' }, 'agent-chat: "theme" must be one of auto, light, dark; got "neon".'],
    [{ apiBase: 'https://x.example', agentId: 'a', persist: 'cookie' }, /"persist" must be one of local, session, none/],
    [{ apiBase: 'https://x.example', agentId: 'a', metadata: { n: 1 } }, /"metadata" must be an object of strings/],
    [{ apiBase: 'https://x.example', agentId: 'a', tracking: { agentModelsUsed: 'gpt' } }, /"tracking.agentModelsUsed" must be an array of strings/],
    [{ apiBase: 'https://x.example', agentId: 'a', tracking: { pendo: 'yes' } }, /"tracking.pendo" must be one of auto, server/],
  ])('refuses %j with a clear ConfigError', (config, message) => {
    expect(() => resolve(config)).toThrow(ConfigError);
    expect(() => resolve(config)).toThrow(message);
  });
});

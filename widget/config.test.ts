import { describe, expect, it } from 'vitest';
import { type AgentChatConfig, ConfigError, configFromAttributes, resolveConfig } from './config';

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
    [{ apiBase: 'https://x.example', agentId: 'a', maxFiles: -1 }, 'agent-chat: "maxFiles" must be a whole number of at least 0; got -1.'],
    [{ apiBase: 'https://x.example', agentId: 'a', maxFileBytes: '10MB' }, 'agent-chat: "maxFileBytes" must be a whole number of at least 0; got "10MB".'],
    [{ apiBase: 'https://x.example', agentId: 'a', fileTypes: 'png,svg' }, 'agent-chat: "fileTypes" must list file types of png, jpeg, webp, gif, pdf, csv, txt; got "png,svg".'],
    [{ apiBase: 'https://x.example', agentId: 'a', fileTypes: [1] }, /"fileTypes" must list file types/],
  ])('refuses %j with a clear ConfigError', (config, message) => {
    expect(() => resolve(config)).toThrow(ConfigError);
    expect(() => resolve(config)).toThrow(message);
  });

  it('takes file limits from a script or data attributes, with the defaults the gateway has', () => {
    expect(resolve({ apiBase: '/', agentId: 'a' }).files).toEqual({ maxBytes: 10 * 1024 * 1024, maxFiles: 5, types: ['png', 'jpeg', 'webp', 'gif', 'pdf', 'csv', 'txt'] });
    expect(resolve({ apiBase: '/', agentId: 'a', maxFileBytes: 2000, maxFiles: 0, fileTypes: ['pdf'] }).files).toEqual({ maxBytes: 2000, maxFiles: 0, types: ['pdf'] });
    const fromTag = configFromAttributes({ apiBase: '/', agentId: 'a', maxFileBytes: '1000', maxFiles: '2', fileTypes: 'PNG, csv' });
    expect(resolve(fromTag as unknown as Record<string, unknown>).files).toEqual({ maxBytes: 1000, maxFiles: 2, types: ['png', 'csv'] });
  });

  it('takes suggested prompts as an array of strings, trimmed, from a script or a JSON data attribute', () => {
    expect(resolve({ apiBase: '/', agentId: 'a' })).toMatchObject({ suggestedPrompts: [], warnings: [] });
    expect(resolve({ apiBase: '/', agentId: 'a', suggestedPrompts: [' Track my order ', 'Returns'] })).toMatchObject({
      suggestedPrompts: ['Track my order', 'Returns'], warnings: [],
    });
    const fromTag = configFromAttributes({ apiBase: '/', agentId: 'a', suggestedPrompts: '["Track my order","Returns"]' });
    expect(resolve(fromTag as unknown as Record<string, unknown>)).toMatchObject({ suggestedPrompts: ['Track my order', 'Returns'], warnings: [] });
  });

  it.each([
    ['not JSON', 'Track my order'],
    ['not an array', '{"a":"b"}'],
    ['an empty string in it', '["Track my order",""]'],
    ['a number in it', '["Track my order",3]'],
  ])('drops suggested prompts with %s, with one warning saying why, and keeps the widget working', (_, attribute) => {
    const config = resolve(configFromAttributes({ apiBase: '/', agentId: 'a', suggestedPrompts: attribute }) as unknown as Record<string, unknown>);
    expect(config.suggestedPrompts).toEqual([]);
    expect(config.warnings).toEqual([
      `"suggestedPrompts" (data-suggested-prompts) must be a JSON array of non-empty strings such as ["Track my order"]; got ${JSON.stringify(parsed(attribute))}. No suggested prompts are shown.`,
    ]);
  });
});

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

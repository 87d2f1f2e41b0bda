import { describe, expect, it } from 'vitest';
import { jobFromArgs } from './args';

const ENV = { AGENT_CHAT_API_KEY: 'k' };
const BASE = ['--api-base', 'http://localhost:8787', '--bot', 'support-bot', '--from', '2026-11-01', '--to', '2026-12-01', '--out', 'x.jsonl'];
const refusal = (args: string[], env: Record<string, string> = ENV) => {
  try {
    jobFromArgs(args, env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted ${args.join(' ')}`);
};

describe('the export command line', () => {
  it('reads a job with its defaults', () => {
    expect(jobFromArgs(BASE, ENV)).toEqual({
      apiBase: 'http://localhost:8787', apiKey: 'k', bot: 'support-bot', from: Date.UTC(2026, 10, 1) / 1000, to: Date.UTC(2026, 11, 1) / 1000,
      out: 'x.jsonl', format: 'jsonl', what: 'conversations',
    });
  });

  it('filters messages by --conversation and takes --per-page', () => {
    expect(jobFromArgs([...BASE, '--what', 'messages', '--conversation', 'c-1', '--per-page', '250'], ENV)).toMatchObject({
      what: 'messages', conversationId: 'c-1', perPage: 250,
    });
  });

  it.each([
    [['--conversation', 'c-1'], '--conversation filters messages only: add --what messages.'],
    [['--per-page', '0'], '--per-page must be a whole number from 1 to 1000; got "0".'],
    [['--per-page', '1001'], '--per-page must be a whole number from 1 to 1000; got "1001".'],
    [['--per-page', 'many'], '--per-page must be a whole number from 1 to 1000; got "many".'],
    [['--what', 'people'], '--what must be conversations or messages.'],
    [['--to', '2026-10-01'], '--to must be after --from.'],
  ])('refuses %j with one message', (extra, message) => {
    expect(refusal([...BASE, ...extra])).toBe(message);
  });

  it('takes the key from the environment only', () => {
    expect(refusal(BASE, {})).toBe('set AGENT_CHAT_API_KEY to an export API key.');
  });
});

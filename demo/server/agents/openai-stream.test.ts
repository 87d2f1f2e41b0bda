import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { randomChunks } from '../../../widget/testing/random';
import { type CompletionStep, createCompletionParser } from './openai-stream';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function run(chunks: string[]): CompletionStep[] {
  const parser = createCompletionParser();
  return [...chunks.flatMap((chunk) => parser.feed(chunk)), ...parser.end()];
}

/** Consecutive text steps joined: chunk boundaries may not change the text, only how it is split. */
function joined(steps: CompletionStep[]): CompletionStep[] {
  const out: CompletionStep[] = [];
  for (const step of steps) {
    const last = out.at(-1);
    if (step.kind === 'text' && last?.kind === 'text') last.text += step.text;
    else out.push({ ...step });
  }
  return out;
}

describe('createCompletionParser', () => {
  it('turns an answer into its model, its text deltas and the end, however the bytes are split', () => {
    const text = fixture('openai-answer.sse');
    const expected: CompletionStep[] = [
      { kind: 'model', model: 'gpt-4o-mini-2024-07-18' },
      { kind: 'text', text: 'Refunds ' },
      { kind: 'text', text: 'take **5 days**' },
      { kind: 'text', text: ' — “ok”?\n\n- yes' },
      { kind: 'done' },
    ];
    expect(run([text])).toEqual(expected);
    for (let seed = 1; seed <= 200; seed++) expect(run(randomChunks(text, seed)), `seed ${seed}`).toEqual(expected);
  });

  it('names each tool call once, from the delta that opens it, then the text', () => {
    const text = fixture('openai-tool-call.sse');
    const expected: CompletionStep[] = [
      { kind: 'model', model: 'llama3.1:8b' },
      { kind: 'tool', name: 'lookup_order' },
      { kind: 'tool', name: 'check_stock' },
      { kind: 'text', text: 'Order A-17 ships today.' },
      { kind: 'done' },
    ];
    for (let seed = 1; seed <= 200; seed++) expect(joined(run(randomChunks(text, seed))), `seed ${seed}`).toEqual(expected);
  });

  it('reads CRLF line endings and a last event without its blank line', () => {
    expect(run([fixture('openai-crlf.sse')])).toEqual([{ kind: 'model', model: 'm' }, { kind: 'text', text: 'a' }, { kind: 'done' }]);
    const parser = createCompletionParser();
    expect(parser.feed('data: {"choices":[{"index":0,"delta":{"content":"x"}}]}\n\ndata: [DONE]')).toEqual([{ kind: 'text', text: 'x' }]);
    expect(parser.end()).toEqual([{ kind: 'done' }]);
  });

  it('reports a stream that ends before [DONE] as cut', () => {
    const text = fixture('openai-answer.sse').replace('data: [DONE]\n\n', '');
    for (let seed = 1; seed <= 20; seed++) expect(run(randomChunks(text, seed)).at(-1)).toEqual({ kind: 'cut' });
    expect(run([])).toEqual([{ kind: 'cut' }]);
  });

  it('stops at the first chunk it cannot read, naming why, and reads nothing after it', () => {
    const ok = 'data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n';
    const cases: [string, string][] = [
      ['data: {"choices":[{"index":0,"delta":{"content":\n\n', 'a chunk is not JSON: {"choices":[{"index":0,"delta":{"content":'],
      ['data: {"object":"chat.completion.chunk"}\n\n', 'a chunk has no "choices" array'],
      ['data: {"choices":[{"index":0}]}\n\n', 'a choice has no "delta" object'],
      ['data: {"choices":[{"index":0,"delta":{"content":42}}]}\n\n', 'delta.content is not a string'],
      ['data: {"choices":[{"index":0,"delta":{"tool_calls":{}}}]}\n\n', 'delta.tool_calls is not an array'],
      ['data: {"error":{"message":"model overloaded","type":"server_error"}}\n\n', 'the stream carries an error: model overloaded'],
      ['data: [1,2]\n\n', 'a chunk has no "choices" array'],
    ];
    for (const [bad, reason] of cases) {
      expect(run([ok, bad, ok, 'data: [DONE]\n\n']), reason).toEqual([{ kind: 'text', text: 'a' }, { kind: 'malformed', reason }]);
    }
  });

  it('takes the first choice only, and ignores null content and usage-only chunks', () => {
    const steps = run([
      'data: {"choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine","tool_calls":null}}]}\n\n',
      'data: {"choices":[{"index":0,"delta":{"content":null}}]}\n\n',
      'data: {"choices":[],"usage":{"total_tokens":3}}\n\n',
      'data: [DONE]\n\n',
    ]);
    expect(steps).toEqual([{ kind: 'text', text: 'mine' }, { kind: 'done' }]);
  });
});

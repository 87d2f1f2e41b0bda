// Pure core of the OpenAI-compatible agent: the text of a streamed Chat Completions answer
// (`data: {"object":"chat.completion.chunk",…}` lines, then `data: [DONE]`), in chunks of any size,
// becomes steps: the model that answers, text, tool calls, the end, or what went wrong. No I/O.
import { createParser } from 'eventsource-parser';
import { isRecord } from '../../../widget/protocol/json';

export type CompletionStep =
  /** The `model` the server says answers (reported once, from the first chunk naming it). */
  | { kind: 'model'; model: string }
  | { kind: 'text'; text: string }
  /** A tool call begins (its first delta names the function). */
  | { kind: 'tool'; name: string }
  | { kind: 'done' }
  /** A chunk that is not a chunk, or an error object in the stream: the answer cannot go on. */
  | { kind: 'malformed'; reason: string }
  /** The body ended before `[DONE]`. */
  | { kind: 'cut' };

export interface CompletionParser {
  /** Parses the next piece of the body; returns the steps it completed. */
  feed(text: string): CompletionStep[];
  /** The body ended: a `cut` step if `[DONE]` never came. */
  end(): CompletionStep[];
}

function stepsOf(data: string, modelKnown: boolean): CompletionStep[] {
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    return [{ kind: 'malformed', reason: `a chunk is not JSON: ${data.slice(0, 80)}` }];
  }
  if (isRecord(chunk) && chunk['error'] !== undefined) {
    const message = isRecord(chunk['error']) && typeof chunk['error']['message'] === 'string' ? chunk['error']['message'] : JSON.stringify(chunk['error']);
    return [{ kind: 'malformed', reason: `the stream carries an error: ${message.slice(0, 200)}` }];
  }
  if (!isRecord(chunk) || !Array.isArray(chunk['choices'])) return [{ kind: 'malformed', reason: 'a chunk has no "choices" array' }];
  const steps: CompletionStep[] = [];
  if (!modelKnown && typeof chunk['model'] === 'string' && chunk['model']) steps.push({ kind: 'model', model: chunk['model'] });
  // choices: [] is a usage-only chunk; only the first choice is the answer (n is never asked for).
  const choice = chunk['choices'].find((c) => isRecord(c) && (c['index'] ?? 0) === 0);
  if (choice === undefined) return steps;
  const delta = isRecord(choice) ? choice['delta'] : undefined;
  if (!isRecord(delta)) return [{ kind: 'malformed', reason: 'a choice has no "delta" object' }];
  const content = delta['content'];
  if (content !== undefined && content !== null && typeof content !== 'string') return [{ kind: 'malformed', reason: 'delta.content is not a string' }];
  if (content) steps.push({ kind: 'text', text: content });
  const calls = delta['tool_calls'];
  if (calls !== undefined && calls !== null) {
    if (!Array.isArray(calls)) return [{ kind: 'malformed', reason: 'delta.tool_calls is not an array' }];
    for (const call of calls) {
      const name = isRecord(call) && isRecord(call['function']) ? call['function']['name'] : undefined;
      if (typeof name === 'string' && name) steps.push({ kind: 'tool', name });
    }
  }
  return steps;
}

export function createCompletionParser(): CompletionParser {
  let steps: CompletionStep[] = [];
  let finished = false;
  let modelKnown = false;
  const parser = createParser({
    onEvent({ data }) {
      if (finished) return;
      if (data.trim() === '[DONE]') {
        finished = true;
        steps.push({ kind: 'done' });
        return;
      }
      for (const step of stepsOf(data, modelKnown)) {
        if (step.kind === 'model') modelKnown = true;
        if (step.kind === 'malformed') finished = true;
        steps.push(step);
      }
    },
  });
  const take = () => {
    const out = steps;
    steps = [];
    return out;
  };
  return {
    feed(text) {
      parser.feed(text);
      return take();
    },
    end() {
      // A last event without its blank line still counts (some servers end that way).
      parser.feed('\n\n');
      if (!finished) {
        finished = true;
        steps.push({ kind: 'cut' });
      }
      return take();
    },
  };
}

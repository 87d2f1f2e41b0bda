// An OpenAI-compatible Chat Completions server for tests, written from OpenAI's documented
// streaming format: `data: {"object":"chat.completion.chunk",…}` lines, then `data: [DONE]`.
// What it does is chosen by the last user message, so that parallel tests do not share a switch:
//   "fail 401" | "fail 429" | "fail 500"  the HTTP error, with OpenAI's error body
//   "fail timeout"                        accepts the request and never answers
//   "fail cut"                            streams two tokens, then ends without [DONE]
//   "fail malformed"                      streams two tokens, then a chunk that is not JSON
//   "tool"                                streams a tool call (search_docs), then the answer
//   "slow"                                a long answer, one token every `slowTokenMs`
//   anything else                         "You said “…”." in word tokens
// GET /received lists the request bodies (with their Authorization header), for assertions.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_MODEL = 'fake-gpt-4o-mini-2024-07-18';

export interface FakeOpenAiOptions {
  port?: number;
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  tokenMs?: number;
  slowTokenMs?: number;
}

export interface ReceivedRequest {
  authorization: string | null;
  body: { model: string; stream: boolean; messages: { role: string; content: string }[] };
}

export interface FakeOpenAi {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

const ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
  429: { message: 'Rate limit reached for requests.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request.', type: 'server_error', code: null },
};

export const SLOW_ANSWER = Array.from({ length: 60 }, (_, i) => `word${i + 1}`).join(' ');

const words = (text: string) => text.match(/\S+\s*/g) ?? [];

export async function startFakeOpenAi({ port = 0, apiKey, tokenMs = 10, slowTokenMs = 120 }: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const received: ReceivedRequest[] = [];
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  function chunk(res: ServerResponse, delta: Record<string, unknown>, finishReason: string | null = null) {
    const body = {
      id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model: FAKE_MODEL, system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    res.write(`data: ${JSON.stringify(body)}\n\n`);
  }

  async function stream(res: ServerResponse, tokens: string[], delayMs: number) {
    for (const token of tokens) {
      if (res.destroyed) return;
      chunk(res, { content: token });
      await pause(delayMs);
    }
  }

  async function answer(req: IncomingMessage, res: ServerResponse) {
    let text = '';
    for await (const piece of req) text += piece;
    const body = JSON.parse(text) as ReceivedRequest['body'];
    received.push({ authorization: req.headers.authorization ?? null, body });
    const fail = (status: number) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { ...ERRORS[status], param: null } }));
    if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) return fail(401);
    const question = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const status = /\bfail (401|429|500)\b/.exec(question);
    if (status) return fail(Number(status[1]));
    if (/\bfail timeout\b/.test(question)) return; // holds the request open until the client gives up

    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    chunk(res, { role: 'assistant', content: '' });
    if (/\bfail (cut|malformed)\b/.test(question)) {
      await stream(res, ['Half ', 'an '], tokenMs);
      if (/malformed/.test(question)) res.write('data: {"id":"chatcmpl-fake","choices":[{"index":0,"delta":{"content":\n\n');
      return res.end();
    }
    if (/\btool\b/.test(question)) {
      chunk(res, { content: null, tool_calls: [{ index: 0, id: 'call_fake', type: 'function', function: { name: 'search_docs', arguments: '' } }] });
      for (const part of ['{"query":', '"refunds"}']) chunk(res, { tool_calls: [{ index: 0, function: { arguments: part } }] });
      await pause(tokenMs * 10);
    }
    const slow = /\bslow\b/.test(question);
    await stream(res, words(slow ? SLOW_ANSWER : `You said “${question}”.`), slow ? slowTokenMs : tokenMs);
    if (res.destroyed) return;
    chunk(res, {}, 'stop');
    res.end('data: [DONE]\n\n');
  }

  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/received') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(received));
    if (req.method === 'POST' && req.url?.endsWith('/chat/completions')) {
      return void answer(req, res).catch((error: unknown) => {
        console.error('fake openai:', error);
        if (!res.headersSent) res.writeHead(400).end();
      });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// JSON in and out of node:http: bodies with a size limit, and errors as {"error": {code, message}}.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The string with each lone surrogate (valid in a JSON escape, not in UTF-8) replaced by U+FFFD,
 * so that what is stored, streamed and exported is the same text.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * The whole body, refused with `tooLarge()` as soon as it passes the limit, declared or not. A body
 * cut short (the client's connection dropped) never resolves: the stream errors instead.
 */
export async function readRawBody(req: IncomingMessage, limitBytes: number, tooLarge: () => HttpError): Promise<Buffer> {
  if (Number(req.headers['content-length']) > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads and parses a JSON body; 415 for another content type, 413 over the limit, 400 if malformed. */
export async function readJson(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', `Content-Type must be application/json; got ${JSON.stringify(type || '(none)')}.`);
  }
  const body = await readRawBody(req, limitBytes, () => new HttpError(413, 'payload_too_large', `The body is over the ${limitBytes}-byte limit.`));
  try {
    return JSON.parse(body.toString('utf8'), (_key, value: unknown) => (typeof value === 'string' ? wellFormed(value) : value));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}

// POST /api/files (PROTOCOL §1 Uploads): a conversation's visitor uploads one file, checked for
// size and, by its bytes, for type, within the conversation's quota. GET serves a file to whoever
// holds its signed URL (a browser's <img>, the upstream agent), as an image or a download, never
// as a page.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readRawBody, sendJson } from '../http/errors';
import { bearerToken } from '../http/headers';
import type { TokenSigner } from '../auth/token';
import type { ConversationStore, FileQuota, FileStore } from '../store/store';
import type { FileUrls } from './file-urls';
import { type FileType, FILE_TYPES, MIME_OF, isImage, sniffFile } from './sniff';

export interface FileLimits {
  /** The largest file, bytes. */
  maxBytes: number;
  /** What one conversation may upload in all. */
  perConversation: FileQuota;
  /** The kinds accepted, of FILE_TYPES. */
  types: readonly FileType[];
  /** How long a signed file URL works. */
  urlTtlMs: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxBytes: 10 * 1024 * 1024,
  perConversation: { files: 20, bytes: 50 * 1024 * 1024 },
  types: FILE_TYPES,
  urlTtlMs: 60 * 60_000,
};

export interface FilesDeps {
  store: Pick<ConversationStore, 'getConversation'> & FileStore;
  tokens: TokenSigner;
  urls: FileUrls;
  limits: FileLimits;
  clock: () => number;
  /** Rejects with a 429 when the conversation sends too fast. */
  limit(conversationId: string): Promise<void>;
}

export const MAX_NAME_LENGTH = 255;

/** The name the visitor's file had, from X-File-Name (URL-encoded), without any path or control characters. */
function fileName(header: string | string[] | undefined): string {
  let name = '';
  try {
    name = typeof header === 'string' ? decodeURIComponent(header) : '';
  } catch {
    // reported below
  }
  // eslint-disable-next-line no-control-regex
  name = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (!name || name.length > MAX_NAME_LENGTH) {
    throw new HttpError(400, 'invalid_file_name', `X-File-Name must be the file's name, URL-encoded, 1 to ${MAX_NAME_LENGTH} characters.`);
  }
  return name;
}

export async function handleUpload(req: IncomingMessage, res: ServerResponse, deps: FilesDeps): Promise<void> {
  const token = bearerToken(req);
  const conversationId = token ? deps.tokens.verify(token) : null;
  const conversation = conversationId ? await deps.store.getConversation(conversationId) : undefined;
  if (!conversationId || !conversation) throw new HttpError(401, 'unauthorized', 'Send the conversation token as "Authorization: Bearer <token>".');
  await deps.limit(conversationId);
  if (conversation.status === 'closed') throw new HttpError(409, 'conversation_closed', 'This conversation has ended; files cannot be added to it.');
  const name = fileName(req.headers['x-file-name']);
  const { maxBytes } = deps.limits;
  const data = await readRawBody(req, maxBytes, () => new HttpError(413, 'file_too_large', `The file is over the ${maxBytes}-byte limit.`, { Connection: 'close' }));
  if (data.length === 0) throw new HttpError(400, 'empty_file', `${name} is empty.`);
  const sniffed = sniffFile(data, name);
  if (!sniffed.ok) throw new HttpError(415, 'unsupported_file_type', sniffed.message);
  if (!deps.limits.types.includes(sniffed.type)) {
    throw new HttpError(415, 'unsupported_file_type', `${name} is ${sniffed.type.toUpperCase()}; this chat accepts ${deps.limits.types.join(', ')}.`);
  }
  const file = { id: randomUUID(), conversationId, name, type: sniffed.type, mime: MIME_OF[sniffed.type], size: data.length, createdAt: deps.clock() };
  const quota = deps.limits.perConversation;
  if (!(await deps.store.saveFile(file, data, quota))) {
    throw new HttpError(413, 'quota_exceeded', `This conversation may upload at most ${quota.files} files and ${quota.bytes} bytes in all.`);
  }
  sendJson(res, 201, { id: file.id, name, type: file.type, size: file.size, url: deps.urls.sign(file) });
}

export async function handleDownload(req: IncomingMessage, res: ServerResponse, deps: Pick<FilesDeps, 'store' | 'urls'>): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
  const file = await deps.store.readFile(query.get('f') ?? '');
  const refusal = file ? deps.urls.refusal(file, query.get('e'), query.get('s')) : 'There is no such file.';
  if (!file || refusal) throw new HttpError(file ? 403 : 404, file ? 'forbidden' : 'not_found', refusal!);
  const disposition = `${isImage(file.type) ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`;
  res.writeHead(200, {
    'Content-Type': file.mime,
    'Content-Length': file.data.length,
    'Content-Disposition': disposition,
    // Even opened directly, the file is a document with no powers: no script, no plugin, no page.
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, max-age=300',
  });
  res.end(req.method === 'HEAD' ? undefined : file.data);
}

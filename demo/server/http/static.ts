// Serves the built demo page (dist/demo) and the widget bundles (dist/agent-chat.*).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** The demo page proves the widget needs nothing looser than this (DESIGN: trust rules). */
export const DEMO_PAGE_CSP =
  // blob: shows the thumbnail of an image the visitor is attaching, from the local file.
  "default-src 'self'; style-src 'self'; img-src 'self' https: blob:; require-trusted-types-for 'script'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const WIDGET_FILE = /^\/(agent-chat(-[\w-]+)?\.m?js(\.map)?|locales\/[a-z]{2,3}\.json)$/;
/** The script tag's chunks carry a content hash in their names (agent-chat-chatting-<hash>.js): cached for good. */
const HASHED_CHUNK = /^\/agent-chat-\w+-[\w-]{8,}\.js$/;

/** The file under `root` for a URL path, or null when the path tries to leave it. */
function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = normalize(join(root, decoded));
  return file === root || file.startsWith(root + sep) ? file : null;
}

async function fileAt(path: string | null): Promise<string | null> {
  if (!path) return null;
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) return fileAt(join(path, 'index.html'));
  return info?.isFile() ? path : null;
}

/** Answers GET/HEAD for a static file; false when there is none (the caller sends 404). */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, distDir: string, pathname: string, sourceMaps: boolean): Promise<boolean> {
  if (!sourceMaps && pathname.endsWith('.map')) return false;
  const demoRoot = join(distDir, 'demo');
  const file =
    (await fileAt(resolveInside(demoRoot, pathname))) ??
    // The bundles sit beside the demo build: the script tag (/agent-chat.js), the modules it
    // imports (/agent-chat-core.js, /agent-chat-chatting-<hash>.js), the npm build, their maps, and the
    // locales' JSON files the script tag fetches.
    (WIDGET_FILE.test(pathname) ? await fileAt(join(distDir, pathname)) : null);
  if (!file) return false;
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  // The script tag's files do not name their maps themselves (they would cost every visitor bytes).
  const map = sourceMaps && /\.m?js$/.test(file) && (await fileAt(`${file}.map`));
  res.writeHead(200, {
    ...(map && { SourceMap: basename(map) }),
    'Content-Type': type,
    ...(type.startsWith('text/html') && { 'Content-Security-Policy': DEMO_PAGE_CSP }),
    // Modules and translations that widgets on any site fetch (a cross-origin module needs CORS).
    ...(WIDGET_FILE.test(pathname) && { 'Access-Control-Allow-Origin': '*' }),
    // Vite fingerprints assets and the script tag's chunks; everything else is revalidated so a
    // rebuild shows at once.
    'Cache-Control': file.includes(`${sep}assets${sep}`) || HASHED_CHUNK.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}

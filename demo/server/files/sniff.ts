// Pure core: what a file is, told by its bytes, never by its name or the Content-Type it came
// with. Only the allow-listed kinds pass; text that reads as markup (HTML, SVG, XML) never does,
// whatever it is called, so nothing uploaded can be served as a page.

/** The short lower-case types Pendo expects (PROTOCOL §1, §4). */
export const FILE_TYPES = ['png', 'jpeg', 'webp', 'gif', 'pdf', 'csv', 'txt'] as const;
export type FileType = (typeof FILE_TYPES)[number];

export const MIME_OF: Record<FileType, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

export const isImage = (type: string) => type === 'png' || type === 'jpeg' || type === 'webp' || type === 'gif';

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: [Exclude<FileType, 'csv' | 'txt'>, (bytes: Uint8Array) => boolean][] = [
  ['png', (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['jpeg', (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  ['gif', (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))],
  ['webp', (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)],
  ['pdf', (b) => startsWith(b, ascii('%PDF-'))],
];

const EXTENSIONS: Record<string, FileType> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp', gif: 'gif', pdf: 'pdf', csv: 'csv', txt: 'txt' };

/** UTF-8 text with no control characters but tab, line breaks and form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return false;
  // Markup is refused as text: a browser or a sniffing proxy might still render it as a page.
  return !/^\ufeff?\s*</.test(text);
}

export type Sniffed = { ok: true; type: FileType } | { ok: false; message: string };

/**
 * The file's type from its bytes. The name's extension only tells CSV from plain text, and must
 * not claim another kind than the bytes are (a ".png" that is really text is refused).
 */
export function sniffFile(bytes: Uint8Array, name: string): Sniffed {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const claimed = EXTENSIONS[extension];
  const binary = SIGNATURES.find(([, matches]) => matches(bytes))?.[0];
  const type: FileType | undefined = binary ?? (isPlainText(bytes) ? (claimed === 'csv' ? 'csv' : 'txt') : undefined);
  if (!type) return { ok: false, message: `${name} is not a file type the chat accepts (PNG, JPEG, WebP, GIF, PDF, CSV or plain text, told by its content).` };
  if (claimed && claimed !== type && !(type === 'txt' && claimed === 'csv')) {
    return { ok: false, message: `${name} is named .${extension} but its content is ${type === 'txt' ? 'text' : type.toUpperCase()}.` };
  }
  return { ok: true, type };
}

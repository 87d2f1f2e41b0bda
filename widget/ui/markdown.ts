// A small CommonMark subset parsed into a tree (never into HTML): paragraphs, headings, lists,
// fenced code, emphasis, inline code, links and bare URLs.
export type Inline =
  | string
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'br' };

export type Block =
  | { type: 'p' | 'h'; children: Inline[] }
  | { type: 'ul' | 'ol'; items: Inline[][] }
  | { type: 'code'; text: string };

/** The URL if it is absolute and of a safe scheme, else null (the link then renders as text). */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return /^(https?|mailto|tel):$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const FENCE = /^ {0,3}(```|~~~)/;
const HEADING = /^ {0,3}#{1,6}\s+(.*?)[\s#]*$/;
const ITEM = /^ {0,3}(?:([-*+])|\d{1,9}[.)])\s+(.*)$/;

/**
 * Splits Markdown into the source text of each top-level block. Finished blocks keep their exact
 * text while a reply streams, so a renderer can skip them by comparing strings.
 */
export function splitBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence = '';
  const flush = () => {
    if (current.length) blocks.push(current.join('\n'));
    current = [];
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const opens = FENCE.exec(line)?.[1];
    if (fence) {
      current.push(line);
      if (line.trim().startsWith(fence)) {
        fence = '';
        flush();
      }
    } else if (opens) {
      flush();
      fence = opens;
      current.push(line);
    } else if (!line.trim()) {
      flush();
    } else {
      // A heading stands alone; a list after a paragraph line (or the reverse) starts a new block.
      if (HEADING.test(line) || (current.length && ITEM.test(line) !== ITEM.test(current[0]!) && ITEM.test(line))) flush();
      current.push(line);
      if (HEADING.test(line)) flush();
    }
  }
  flush();
  return blocks;
}

export function parseBlock(source: string): Block {
  const lines = source.split('\n');
  const first = lines[0]!;
  const fence = FENCE.exec(first)?.[1];
  if (fence) {
    const body = lines.slice(1);
    if (body.length && body[body.length - 1]!.trim().startsWith(fence)) body.pop();
    return { type: 'code', text: body.join('\n') };
  }
  const heading = HEADING.exec(first);
  if (heading) return { type: 'h', children: parseInline(heading[1]!) };
  const item = ITEM.exec(first);
  if (!item) return { type: 'p', children: parseInline(source) };
  const items: string[] = [];
  for (const line of lines) {
    const match = ITEM.exec(line);
    if (match) items.push(match[2]!);
    else items[items.length - 1] += `\n${line.trim()}`; // a continuation line
  }
  return { type: item[1] ? 'ul' : 'ol', items: items.map(parseInline) };
}

// One alternative per inline construct; text between matches is plain.
const INLINE =
  /\\([!-/:-@[-`{-~])|(`+)(.+?)\2(?!`)|(\*\*|(?<!\w)__)(?=\S)(.*?[^\s\\])\4|(\*|(?<!\w)_)(?=[^\s*_])(.*?[^\s\\])\6(?!\w)|\[([^\]\n]+)\]\(\s*<?([^\s<>()]+(?:\([^\s()]*\))?)>?\s*\)|(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"*_~])|(\n)/gs;

/** Parses inline Markdown. Unmatched markers stay as text, so any input renders. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  const plain = (s: string) => {
    if (typeof out[out.length - 1] === 'string') out[out.length - 1] += s;
    else if (s) out.push(s);
  };
  for (const m of text.matchAll(INLINE)) {
    plain(text.slice(last, m.index));
    last = m.index + m[0].length;
    const href = safeHref(m[9] ?? m[10] ?? '');
    if (m[1]) plain(m[1]);
    else if (m[2]) out.push({ type: 'code', text: m[3]!.trim() || m[3]! });
    else if (m[4]) out.push({ type: 'strong', children: parseInline(m[5]!) });
    else if (m[6]) out.push({ type: 'em', children: parseInline(m[7]!) });
    else if (m[11]) out.push({ type: 'br' });
    else if (!href) plain(m[8] ?? m[10]!); // an unsafe or relative target: the label, no link
    else out.push({ type: 'link', href, children: m[8] ? parseInline(m[8]) : [m[10]!] });
  }
  plain(text.slice(last));
  return out;
}

// A small CommonMark subset parsed into a tree (never into HTML): paragraphs, headings, lists,
// block quotes, fenced code, emphasis, inline code, links and autolinks.
export type Inline =
  | string
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'br' };

export type Block =
  | { type: 'p'; children: Inline[] }
  | { type: 'h'; level: number; children: Inline[] }
  | { type: 'ul' | 'ol'; start: number; items: Inline[][] }
  | { type: 'quote'; children: Inline[] }
  | { type: 'code'; text: string };

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** The URL if it is absolute and of a safe scheme, else null (the link then renders as text). */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;

/**
 * Splits Markdown into the source text of each top-level block. Finished blocks keep their exact
 * text while a reply streams, so a renderer can skip them by comparing strings.
 */
export function splitBlocks(markdown: string): string[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    if (current.length) blocks.push(current.join('\n'));
    current = [];
  };
  for (const line of lines) {
    if (fence) {
      current.push(line);
      if (line.trim().startsWith(fence)) {
        fence = null;
        flush();
      }
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      flush();
      fence = open[1]!;
      current.push(line);
    } else if (!line.trim()) {
      flush();
    } else if (HEADING.test(line)) {
      flush();
      blocks.push(line);
    } else {
      // A list or quote line after a paragraph line starts a new block; list items stay together.
      const kind = lineKind(line);
      const previous = current.length ? lineKind(current[0]!) : kind;
      if (kind !== previous && kind !== 'text') flush();
      current.push(line);
    }
  }
  flush();
  return blocks;
}

function lineKind(line: string): 'ul' | 'ol' | 'quote' | 'text' {
  if (BULLET.test(line)) return 'ul';
  if (ORDERED.test(line)) return 'ol';
  if (QUOTE.test(line)) return 'quote';
  return 'text';
}

export function parseBlock(source: string): Block {
  const lines = source.split('\n');
  const first = lines[0] ?? '';
  const fence = FENCE.exec(first);
  if (fence) {
    const body = lines.slice(1);
    if (body.length && body[body.length - 1]!.trim().startsWith(fence[1]!)) body.pop();
    return { type: 'code', text: body.join('\n') };
  }
  const heading = HEADING.exec(first);
  if (heading) return { type: 'h', level: heading[1]!.length, children: parseInline(heading[2]!) };
  const kind = lineKind(first);
  if (kind === 'ul' || kind === 'ol') {
    const pattern = kind === 'ul' ? BULLET : ORDERED;
    const items: string[] = [];
    for (const line of lines) {
      const match = pattern.exec(line);
      if (match) items.push(match[match.length - 1]!);
      else if (items.length) items[items.length - 1] += `\n${line.trim()}`; // a continuation line
    }
    const start = kind === 'ol' ? Number(ORDERED.exec(first)![1]) : 1;
    return { type: kind, start, items: items.map(parseInline) };
  }
  if (kind === 'quote') {
    return { type: 'quote', children: parseInline(lines.map((l) => QUOTE.exec(l)?.[1] ?? l).join('\n')) };
  }
  return { type: 'p', children: parseInline(source) };
}

export function parseMarkdown(markdown: string): Block[] {
  return splitBlocks(markdown).map(parseBlock);
}

const AUTOLINK = /^<((?:https?|mailto|tel):[^\s<>]+)>/i;
const BARE_URL = /^https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"*_~]/i;
const LINK = /^\[([^\]\n]*(?:\][^(][^\]\n]*)*)\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\))?[^\s()<>]*)>?(?:\s+"[^"]*")?\s*\)/;

/** Parses inline Markdown. Unmatched markers stay as text, so any input renders. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const push = (node: Inline) => {
    if (plain) out.push(plain);
    plain = '';
    out.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const rest = text.slice(i);
    if (ch === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      push({ type: 'br' });
      i++;
      continue;
    }
    if (ch === '`') {
      const ticks = /^`+/.exec(rest)![0];
      const end = text.indexOf(ticks, i + ticks.length);
      if (end > 0) {
        push({ type: 'code', text: text.slice(i + ticks.length, end).replace(/\n/g, ' ').replace(/^ (.+) $/, '$1') });
        i = end + ticks.length;
        continue;
      }
      plain += ticks;
      i += ticks.length;
      continue;
    }
    if (ch === '*' || ch === '_') {
      const emphasis = matchEmphasis(text, i);
      if (emphasis) {
        push({ type: emphasis.strong ? 'strong' : 'em', children: parseInline(emphasis.inner) });
        i = emphasis.end;
        continue;
      }
    }
    if (ch === '[') {
      const link = LINK.exec(rest);
      const href = link && safeHref(link[2]!);
      if (link && href) {
        push({ type: 'link', href, children: parseInline(link[1]!) });
        i += link[0].length;
        continue;
      }
      if (link) {
        // An unsafe or relative target: keep the label, drop the link.
        plain += link[1];
        i += link[0].length;
        continue;
      }
    }
    if (ch === '<') {
      const auto = AUTOLINK.exec(rest);
      const href = auto && safeHref(auto[1]!);
      if (auto && href) {
        push({ type: 'link', href, children: [auto[1]!] });
        i += auto[0].length;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H') && (i === 0 || /[\s(]/.test(text[i - 1]!))) {
      const bare = BARE_URL.exec(rest);
      const href = bare && safeHref(bare[0]);
      if (bare && href) {
        push({ type: 'link', href, children: [bare[0]] });
        i += bare[0].length;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  if (plain) out.push(plain);
  return out;
}

/** `**x**` / `__x__` (strong) or `*x*` / `_x_` (em), with flanking rules kept simple. */
function matchEmphasis(text: string, i: number): { strong: boolean; inner: string; end: number } | null {
  const marker = text[i]!;
  const strong = text[i + 1] === marker;
  const delim = strong ? marker + marker : marker;
  const start = i + delim.length;
  if (start >= text.length || /\s/.test(text[start]!)) return null;
  // Intraword underscores (snake_case) are not emphasis.
  if (marker === '_' && i > 0 && /\w/.test(text[i - 1]!)) return null;
  let search = start + 1;
  while (search <= text.length) {
    const end = text.indexOf(delim, search);
    if (end < 0) return null;
    const closesOnWord = !/\s/.test(text[end - 1]!);
    const beforeDoubled = !strong && text[end + 1] === marker; // `*a**` is not `*a*`
    const intraword = marker === '_' && /\w/.test(text[end + delim.length] ?? '');
    if (closesOnWord && !beforeDoubled && !intraword) {
      return { strong, inner: text.slice(start, end), end: end + delim.length };
    }
    search = end + 1;
  }
  return null;
}

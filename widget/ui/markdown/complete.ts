// A reply that is still being written ends mid-construct: `**bold`, an open code fence, a link
// without its target, a table of one row. Completing its last block as the finished construct would
// read keeps raw markers off the screen while it streams, as streaming renderers do; the final text
// is rendered exactly as sent.

/** What opens a line inside blocks: block quote markers, list markers and indentation. */
const CONTAINER = /^(?:\s*(?:>|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$)))*\s*/;
const LIST_MARKER = /[-*+]|\d{1,9}[.)]/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;
/**
 * A line still being typed that would flash as the wrong block: a lone list marker (a setext
 * underline after a paragraph), `#`, one or two fence characters, a table's first pipe.
 */
const BARE_MARKER = /^(?:`{1,2}|~{1,2}|#{1,6}|\|)?$/;
/** A thematic break or setext underline: no inline text. */
const RULE_LIKE = /^(?:[-*_]\s*){3,}$|^=+\s*$/;
const DELIMITER_ROW = /^\s*\|?(?:\s*:?-+:?\s*\|)*\s*:?-+:?\s*\|?\s*$/;
const PARTIAL_DELIMITER_ROW = /^\s*\|?[\s:|-]*$/;
const AUTOLINK = /<[A-Za-z][A-Za-z\d+.-]{1,31}:[^\s<>]*(>)?/y;
const TASK = /^\[[ xX]\]/;

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isPunctuation = (c: string | undefined) => c !== undefined && /[\p{P}\p{S}]/u.test(c);

const cells = (row: string) => row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/).length;

/** A table of one row, or with its delimiter row half written, gets a whole delimiter row. */
function completeTable(lines: string[]): void {
  if (!/^ {0,3}\|/.test(lines[0]!)) return;
  const columns = cells(lines[0]!);
  const delimiter = lines[1];
  if (delimiter !== undefined && DELIMITER_ROW.test(delimiter) && cells(delimiter) === columns) return;
  if (delimiter !== undefined && !PARTIAL_DELIMITER_ROW.test(delimiter)) return; // not a table after all
  lines.splice(1, delimiter === undefined ? 0 : 1, `|${' --- |'.repeat(columns)}`);
}

type Opener = { kind: 'delimiter'; char: string; length: number; at: number } | { kind: 'bracket'; length: number; at: number };

/**
 * Scans inline text for constructs left open at its end. Positions are in the whole block, so an
 * opener with nothing after it can be dropped rather than closed.
 */
function createInlineScanner(text: string) {
  let stack: Opener[] = [];
  let code: { at: number; length: number } | null = null;
  let destination: { depth: number; quote: string } | null = null;
  let autolinkAt = -1;
  let linkWithoutTarget = false;

  function reset() {
    stack = [];
    code = null;
    destination = null;
    autolinkAt = -1;
    linkWithoutTarget = false;
  }

  function delimiterRun(i: number, end: number): number {
    const char = text[i]!;
    let j = i;
    while (j < end && text[j] === char) j++;
    const length = j - i;
    if (char === '~' && length > 2) return j;
    const before = text[i - 1];
    const after = text[j];
    const leftFlanking = !isSpace(after) && (!isPunctuation(after) || isSpace(before) || isPunctuation(before));
    const rightFlanking = !isSpace(before) && (!isPunctuation(before) || isSpace(after) || isPunctuation(after));
    const canOpen = char === '_' ? leftFlanking && (!rightFlanking || isPunctuation(before)) : leftFlanking;
    const canClose = char === '_' ? rightFlanking && (!leftFlanking || isPunctuation(after)) : rightFlanking;
    let left = length;
    if (canClose) {
      for (let k = stack.length - 1; k >= 0 && left > 0; k--) {
        const opener = stack[k]!;
        if (opener.kind !== 'delimiter' || opener.char !== char || (char === '~' && opener.length !== left)) continue;
        stack.length = k + 1; // what opened inside and never closed stays as written
        const used = Math.min(opener.length, left);
        left -= used;
        opener.length -= used;
        if (!opener.length) stack.pop();
      }
    }
    // At the very end a run is an opener still waiting for its text: it is dropped, not closed.
    if (left && (canOpen || after === undefined)) stack.push({ kind: 'delimiter', char, length: left, at: j - left });
    return j;
  }

  function scan(from: number, end: number, startsItem: boolean) {
    for (let i = from; i < end; ) {
      const c = text[i]!;
      if (code) {
        if (c !== '`') { i++; continue; }
        let j = i;
        while (j < end && text[j] === '`') j++;
        if (j - i === code.length) code = null;
        i = j;
      } else if (destination) {
        if (c === '\\') i++;
        else if (destination.quote) { if (c === destination.quote) destination.quote = ''; }
        else if (c === '"' || c === "'") destination.quote = c;
        else if (c === '(') destination.depth++;
        else if (c === ')' && !--destination.depth) destination = null;
        i++;
      } else if (c === '\\') {
        i += 2;
      } else if (c === '`') {
        let j = i;
        while (j < end && text[j] === '`') j++;
        code = { at: i, length: j - i };
        i = j;
      } else if (c === '<') {
        AUTOLINK.lastIndex = i;
        const match = AUTOLINK.exec(text);
        if (match && !match[1] && i + match[0].length >= text.length) autolinkAt = i;
        i = match ? i + match[0].length : i + 1;
      } else if (c === '[' || (c === '!' && text[i + 1] === '[')) {
        const task = startsItem && i === from && TASK.test(text.slice(i, i + 3));
        if (task) { i += 3; continue; }
        stack.push({ kind: 'bracket', length: c === '!' ? 2 : 1, at: i });
        i += c === '!' ? 2 : 1;
      } else if (c === ']') {
        const k = stack.findLastIndex((opener) => opener.kind === 'bracket');
        i++;
        if (k < 0) continue;
        stack.length = k;
        if (text[i] === '(') {
          destination = { depth: 1, quote: '' };
          i++;
        } else if (i >= text.length) {
          linkWithoutTarget = true;
        }
      } else if (c === '*' || c === '_' || c === '~') {
        i = delimiterRun(i, end);
      } else {
        i++;
      }
    }
  }

  /** The text up to `end`, with what is still open closed (or, if nothing follows it yet, dropped). */
  function close(end: number): string {
    let body = text.slice(0, end);
    let closers = '';
    if (code) {
      if (code.at + code.length >= body.length) body = body.slice(0, code.at).trimEnd();
      else closers += '`'.repeat(code.length);
    } else if (autolinkAt >= 0) {
      closers += '>';
    } else if (destination) {
      closers += `${destination.quote})`;
    } else if (linkWithoutTarget) {
      closers += '()';
    }
    for (let k = stack.length - 1; k >= 0; k--) {
      const opener = stack[k]!;
      if (!closers && opener.at + opener.length >= body.length) {
        body = body.slice(0, opener.at).trimEnd();
        continue;
      }
      closers += opener.kind === 'bracket' ? ']()' : opener.char.repeat(opener.length);
    }
    return body + closers;
  }

  return { reset, scan, close };
}

/** Completes the source of the last block of a reply still being written. */
export function completeBlock(source: string): string {
  const lines = source.trimEnd().split('\n');
  // A last line that is only a marker would show as the wrong block, or as the raw marker.
  const last = lines[lines.length - 1]!;
  const lastPrefix = CONTAINER.exec(last)![0];
  const lastBody = last.slice(lastPrefix.length);
  const taskBox = LIST_MARKER.test(lastPrefix) && /^\[[ xX]?\]?$/.test(lastBody.trim());
  if ((lastPrefix.trim() && !lastBody) || (lastBody && BARE_MARKER.test(lastBody)) || taskBox) lines.pop();
  if (!lines.join('').trim()) return '';
  if (/^ {4}/.test(lines[0]!) && !LIST_MARKER.test(lines[0]!.trim()[0] ?? '')) return lines.join('\n'); // indented code
  const table = /^ {0,3}\|/.test(lines[0]!);

  let text = lines.join('\n').trimEnd();
  if (text.endsWith('\\') && !text.endsWith('\\\\')) text = text.slice(0, -1).trimEnd();
  const scanner = createInlineScanner(text);
  let fence: { marker: string; indent: string } | null = null;
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const prefix = CONTAINER.exec(line)![0];
    const body = line.slice(prefix.length);
    const fenceLine = FENCE.exec(body);
    if (fence) {
      if (fenceLine && fenceLine[1]![0] === fence.marker[0] && fenceLine[1]!.length >= fence.marker.length && !fenceLine[2]!.trim()) fence = null;
      continue;
    }
    if (fenceLine && !(fenceLine[1]![0] === '`' && fenceLine[2]!.includes('`'))) {
      // The closing fence goes where the code's lines go: list markers become indentation.
      fence = { marker: fenceLine[1]!, indent: prefix.replace(LIST_MARKER, (m) => ' '.repeat(m.length)) };
      scanner.reset();
      continue;
    }
    const newBlock = !body.trim() || RULE_LIKE.test(body) || LIST_MARKER.test(prefix) || /^#{1,6}(\s|$)/.test(body) || table;
    if (newBlock) scanner.reset();
    if (RULE_LIKE.test(body)) continue;
    const from = start + prefix.length + (/^#{1,6}\s/.exec(body)?.[0].length ?? 0);
    if (!table) {
      scanner.scan(from, start + line.length, LIST_MARKER.test(prefix));
      continue;
    }
    // Each table cell is inline text of its own.
    let cell = from;
    for (let i = from; i <= start + line.length; i++) {
      if (i < start + line.length && (text[i] !== '|' || text[i - 1] === '\\')) continue;
      scanner.reset();
      scanner.scan(cell, i, false);
      cell = i + 1;
    }
  }
  if (fence) return `${text}\n${fence.indent}${fence.marker}`;
  const completed = scanner.close(text.length);
  if (!table) return completed;
  const rows = completed.split('\n');
  completeTable(rows);
  return rows.join('\n');
}

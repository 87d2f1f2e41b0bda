// Character references in Markdown text. The parser leaves them for an HTML parser to decode; the
// widget builds DOM nodes, so it decodes them itself. Numeric references all decode; of the 2,125
// named ones, the few agents write (markup escapes, quotes and dashes, the euro, arrows): every byte here
// counts against the chatting visitor's 45,000-byte budget. An unknown name stays as written.
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™', deg: '°',
  times: '×', hellip: '…', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', euro: '€', larr: '←', rarr: '→',
};

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([A-Za-z][A-Za-z\d]{1,31}));/g;

function fromCodePoint(code: number): string {
  // NUL, surrogates and values past Unicode are replaced, as HTML does.
  return code === 0 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff ? '\ufffd' : String.fromCodePoint(code);
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, decimal?: string, hex?: string, name?: string) =>
    decimal ? fromCodePoint(Number(decimal)) : hex ? fromCodePoint(parseInt(hex, 16)) : (Object.hasOwn(NAMED, name!) ? NAMED[name!]! : whole),
  );
}

// A reply's Markdown as words to be read aloud: what the visitor sees, without its markers.
import { Lexer, type Token, type Tokens } from 'marked';
import { decodeEntities } from './entities';
import { plainText } from './inlines';

function spokenBlocks(blocks: Token[]): string {
  return blocks.map(spokenBlock).filter(Boolean).join('\n');
}

function spokenBlock(token: Token): string {
  switch (token.type) {
    case 'list':
      return spokenBlocks((token as Tokens.List).items);
    case 'list_item':
    case 'blockquote':
      return spokenBlocks((token as Tokens.ListItem | Tokens.Blockquote).tokens);
    case 'table': {
      const { header, rows } = token as Tokens.Table;
      return [header, ...rows].map((cells) => cells.map((cell) => plainText(cell.tokens)).join(', ')).join('\n');
    }
    case 'code':
    case 'html': // shown as written, so read as written
      return token.text;
    case 'space':
    case 'def':
    case 'hr':
      return '';
    default: // a paragraph, a heading, a list item's text
      return 'tokens' in token && token.tokens ? plainText(token.tokens) : decodeEntities('text' in token ? token.text : '');
  }
}

/** The words a screen reader should say for a message written in Markdown. */
export const spokenText = (markdown: string): string => spokenBlocks(Lexer.lex(markdown));

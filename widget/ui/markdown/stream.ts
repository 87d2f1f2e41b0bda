// Blocks of a reply that grows token by token. A block followed by another is finished: its tokens
// are kept (the same objects, so memoised views skip them) and its text is never lexed again. Only
// the last block is lexed on each update, completed as it will read once written.
import type { Token } from 'marked';
import { completeBlock } from './complete';

export type Lex = (markdown: string) => Token[];

/** Returns an updater: give it the whole text so far, get every block's tokens. */
export function createBlockStream(lex: Lex): (text: string) => Token[] {
  let done: Token[] = [];
  let doneText = '';
  return (text) => {
    if (!text.startsWith(doneText)) {
      done = []; // not a continuation (a different text): start over
      doneText = '';
    }
    const rest = text.slice(doneText.length);
    const tokens = lex(rest);
    // The last block that is not blank space may still change; everything before it is finished.
    let live = tokens.length;
    while (live > 0 && tokens[live - 1]!.type === 'space') live--;
    live = Math.max(0, live - 1);
    for (const token of tokens.slice(0, live)) {
      done.push(token);
      doneText += token.raw;
    }
    const completed = completeBlock(text.slice(doneText.length));
    return [...done, ...(completed ? lex(completed) : [])];
  };
}

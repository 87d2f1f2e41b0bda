// Blocks of a reply that grows token by token. A block followed by another is finished: its tokens
// are kept (the same objects, so memoised views skip them) and its text is never lexed again. Only
// the last block is lexed on each update, completed as it will read once written. The final text is
// lexed whole (a later line can still join blocks the stream had split), and each of its blocks
// written as a finished one was takes that one's tokens, so its view is not rendered again; unless
// the text may define a link reference, which can change any block.
import type { Token } from 'marked';
import { completeBlock } from './complete';

export type Lex = (markdown: string) => Token[];

/** Returns an updater: give it the whole text so far (and whether more may come), get every block's tokens. */
export function createBlockStream(lex: Lex): (text: string, streaming: boolean) => Token[] {
  let done: Token[] = [];
  let doneText = '';
  return (text, streaming) => {
    if (!streaming) {
      const tokens = lex(text);
      if (!text.includes(']:')) tokens.forEach((token, i) => done[i]?.raw === token.raw && (tokens[i] = done[i]!));
      return tokens;
    }
    if (!text.startsWith(doneText)) {
      done = []; // not a continuation (a different text): start over
      doneText = '';
    }
    const tokens = lex(text.slice(doneText.length));
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

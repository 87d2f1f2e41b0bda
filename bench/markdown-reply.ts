// The reply the streaming benchmarks send: Markdown as an AI agent streams it (headings, paragraphs
// with bold, inline code and links, nested lists, fenced code, a GitHub table, a block quote),
// section after section, cut into tokens whose boundaries split markers, and sent as the gateway
// sends it.
import { randomUUID } from 'node:crypto';
import { sseEvent, textMessage } from './widget-page';

/** The last token: a word nothing else in the reply contains, so its arrival in the DOM is visible. */
export const LAST = 'omega';

/** One section of an agent's answer, as models write them: every Markdown construct a reply uses. */
const section = (n: number) => `## ${n}. Configuring region ${n}

To route traffic through region ${n}, set **\`cache.region\`** to \`eu-${n}\` in your \`config.yaml\` and restart the service; see the [configuration guide](https://docs.example.com/guide/regions#region-${n}) for *every* option.

1. **Install** the client:
   - run \`npm install example-client@${n}.2\`
   - or, with *pnpm*, \`pnpm add example-client\`
2. **Configure** the endpoint:
   - set \`EXAMPLE_URL\` to the region's URL
   - keep the key in a secret store, never in code
3. Check it with \`example status --region eu-${n}\`.

\`\`\`ts
import { createClient } from 'example-client';

const client = createClient({ url: process.env.EXAMPLE_URL, retries: ${n % 5 + 1} });
await client.cache.set('user:${n}', { name: 'Ada' }, { ttl: ${n * 10} });
\`\`\`

| Option | Default | What it does |
|---|---|---|
| \`ttl\` | \`${n * 10}\` | Seconds an entry lives |
| \`retries\` | \`${n % 5 + 1}\` | Attempts before an **error** |
| \`region\` | \`eu-${n}\` | Where the data is stored |

> **Note:** a change applies after a restart, and ~~old~~ cached entries expire on their own.

`;

/**
 * Cuts text into tokens as a model's tokenizer does (a word with its leading space, a run of
 * punctuation, line breaks), then splits every other run of marker characters, so that `**`, a
 * fence or a table's `|---|` also arrive in two tokens.
 */
function tokenize(text: string): string[] {
  const pieces = text.match(/ ?[A-Za-z0-9]+| ?[^A-Za-z0-9\s]{1,3}| +|\n+/g)!;
  return pieces.flatMap((piece, i) => {
    const at = piece.startsWith(' ') ? 2 : 1;
    return i % 2 === 0 && /^ ?[*`|~>-]{2}/.test(piece) ? [piece.slice(0, at), piece.slice(at)] : [piece];
  });
}

/** A reply of `tokens` tokens: as many sections as it takes, cut wherever the count ends, then `LAST`. */
export function reply(tokens: number): string[] {
  const all: string[] = [];
  for (let n = 1; all.length < tokens - 1; n++) all.push(...tokenize(section(n)));
  return [...all.slice(0, tokens - 1), `\n\n${LAST}.`];
}

/** agent-chat's stream as the gateway sends it (PROTOCOL §2): a streaming-token event per token, then the final message. */
export function agentChatBody(tokens: number): string {
  const target = randomUUID();
  const text = reply(tokens);
  const parts = text.map((token, i) =>
    sseEvent({
      entryType: 'StreamingToken', id: randomUUID(),
      streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: i + 1, timestamp: Date.now(), targetMessageIdentifier: target, token: { formatType: 'Text', text: token } },
    }),
  );
  return parts.join('') + textMessage(target, text.join(''), 'Chatbot', 1);
}

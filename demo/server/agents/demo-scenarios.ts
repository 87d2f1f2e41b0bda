// What the demo bot says: one scenario per feature, chosen by what the visitor types, so a
// person can try every message shape and indicator in a minute.
import type { MessageBody } from './bot';
import { HUMAN_AGENT, type Sender } from '../events/envelope';

/** What a scenario can do in its conversation. */
export interface BotActions {
  assetBase: string;
  /** Waits `tokens` token-delays. */
  pause(tokens: number): Promise<void>;
  typing(on: boolean, sender?: Sender): void;
  progress(text: string): void;
  /** Streams a Markdown answer token by token, then sends it as the final message. */
  stream(text: string, tools?: string[]): Promise<void>;
  send(message: MessageBody, text: string, sender?: Sender): void;
  transfer(waitSeconds: number): void;
  join(sender: Sender): void;
  close(): void;
  /** Messages from now on are answered by the human agent. */
  handOff(): void;
}

export type Scenario = (bot: BotActions, question: string) => Promise<void>;

export const WELCOME =
  "Hi, I'm **Aria**, the Northwind support agent. Ask me anything about agent-chat, or type one of " +
  '*buttons*, *quick replies*, *carousel*, *link*, *long answer*, *markdown*, *progress*, *handoff* or *end* to see a feature.';

const INSTALL =
  'Adding **agent-chat** to a site takes one tag. Paste it before `</body>` with:\n\n' +
  '- `data-api-base` pointing at your gateway\n- `data-agent-id` naming your agent\n' +
  '- optionally `data-title`, `data-theme` and `data-position`\n\n' +
  "The script loads asynchronously, renders in its own shadow root and never touches your page's styles. " +
  "Prefer npm? `import { mount } from 'agent-chat'` does the same from your bundle.";

const TRACKING =
  'Every exchange is reported to Pendo with `window.pendo.trackAgent`:\n\n' +
  '- a **prompt** event when your message is accepted\n' +
  '- an **agent_response** event when my answer is final, with its `duration`\n' +
  '- a **user_reaction** event when you rate an answer\n\n' +
  'Each carries the `conversationId`, a unique `messageId` and the models and tools used. Tokens are never ' +
  'tracked one by one, and nothing is counted twice after a reload. The **Tracking** panel on this page shows the exact payloads.';

const PRICING =
  'The widget is **free and open source**; you run the gateway on your own infrastructure. Typical plans look like this:\n\n' +
  '- **Starter**: one agent, up to 10,000 conversations a month\n' +
  '- **Team**: unlimited agents, export and analytics\n' +
  '- **Enterprise**: single sign-on, audit logs and a support SLA\n\n' +
  'This is a demo, so the plans are illustrative. Shall I explain what the gateway does?';

const LONG =
  '## How a reply travels\n\n' +
  'When you press **Send**, the widget gives your message a `messageId` and posts it to the **Chat API**. ' +
  'The gateway stores it in SQLite, echoes it back over **Server-Sent Events**, and hands it to the bot.\n\n' +
  '1. The bot acknowledges delivery, then marks the message read.\n' +
  '2. It shows a typing indicator while it thinks.\n' +
  '3. It streams the answer as tokens; each carries a `sequenceNumber`, so tokens that arrive out of order or twice are put right.\n' +
  '4. The final message replaces the streamed text, and only then is it tracked.\n\n' +
  '```js\n' +
  "AgentChat('on', 'response', (message) => {\n" +
  "  console.log(message.author, 'answered in', message.durationMs, 'ms');\n" +
  '});\n' +
  '```\n\n' +
  'If the connection drops, the widget reconnects with `Last-Event-ID` and the gateway replays what was missed, ' +
  'so nothing is lost and nothing is shown twice. Reload the page and the whole conversation comes back.\n\n' +
  '*Streaming renders at most once per animation frame, and only the growing bubble re-renders.*';

/** Markdown as agents write it, wider than the panel in every way: a table, code, a URL, a word. */
const MARKDOWN =
  '## Plans compared\n\n' +
  'Here is **what each plan includes**, with ~~hidden~~ no extra costs. The full reference is at ' +
  'https://docs.example.com/agent-chat/reference/configuration/advanced/streaming-and-markdown-rendering-options?section=tables-and-code-blocks&highlight=overflow ' +
  'and German has words like Donaudampfschifffahrtselektrizitaetenhauptbetriebswerkbauunterbeamtengesellschaft.\n\n' +
  '| Plan | Agents | Conversations a month | Export | Analytics | Single sign-on | Support |\n' +
  '|:-----|:------:|----------------------:|:------:|:---------:|:--------------:|:--------|\n' +
  '| Starter | 1 | 10,000 | no | basic | no | community forum |\n' +
  '| Team | unlimited | 250,000 | CSV and JSON | full | no | e-mail, next business day |\n' +
  '| Enterprise | unlimited | unlimited | CSV, JSON and Parquet | full, with raw events | yes | a named engineer, 24/7 |\n\n' +
  'To install it:\n\n' +
  '1. Add the script tag\n' +
  '   - point *data-api-base* at your gateway\n' +
  '   - name your agent in *data-agent-id*\n' +
  '2. Listen for answers:\n\n' +
  '```ts\n' +
  "AgentChat('on', 'response', (message) => analytics.record({ author: message.author, durationMs: message.durationMs, conversationId: message.conversationId }));\n" +
  '```\n\n' +
  '- [x] tables, code and lists\n' +
  '- [ ] voice\n\n' +
  '> Everything above scrolls or wraps inside this bubble, never past the panel.';

const text = (body: string) => ({ messageType: 'StaticContentMessage' as const, staticContent: { formatType: 'Text' as const, text: body } });

const option = (title: string) => ({ itemType: 'TitleOptionItem' as const, optionIdentifier: title.toLowerCase().replace(/\W+/g, '-'), titleItem: { itemType: 'TitleItem' as const, title } });

/** Typing, a short think, then the streamed answer. */
const answer = (body: string, tools: string[] = []): Scenario => async (bot) => {
  bot.typing(true);
  await bot.pause(15);
  await bot.stream(body, tools);
};

const SCENARIOS: [RegExp, Scenario][] = [
  [/\bquick ?repl/i, async (bot) => {
    bot.typing(true);
    await bot.pause(10);
    bot.typing(false);
    const choices = ['Carousel', 'Long answer', 'Handoff'];
    bot.send({ messageType: 'ChoicesMessage', choices: { formatType: 'QuickReplies', text: 'What would you like to try next?', optionItems: choices.map(option) } }, 'What would you like to try next?');
  }],
  [/\bbuttons?\b/i, async (bot) => {
    bot.typing(true);
    await bot.pause(10);
    bot.typing(false);
    const choices = ['Yes, thanks', 'Not really', 'Talk to a person'];
    bot.send({ messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Did that answer your question?', optionItems: choices.map(option) } }, 'Did that answer your question?');
  }],
  [/\bcarousel\b/i, async (bot) => {
    bot.progress('Searching the catalogue…');
    await bot.pause(20);
    const products = [
      { title: 'Comfort Headphones', subTitle: '$89.99 · 30 h battery', image: 'headphones', alt: 'Over-ear headphones in slate grey' },
      { title: 'Studio Monitors', subTitle: '$149.00 · the pair', image: 'speakers', alt: 'Two bookshelf speakers' },
      { title: 'Pocket Earbuds', subTitle: '$59.00 · noise cancelling', image: 'earbuds', alt: 'Wireless earbuds in an open case' },
    ];
    bot.send({
      messageType: 'ChoicesMessage',
      choices: {
        formatType: 'Carousel',
        text: 'Here are a few options',
        items: products.map((p) => ({ titleItem: { itemType: 'TitleImageItem', title: p.title, subTitle: p.subTitle, imageId: p.image }, interactionItems: [option('Buy'), option('Details')] })),
        images: products.map((p) => ({ id: p.image, assetType: 'ImageAsset', assetUrl: `${bot.assetBase}products/${p.image}.svg`, description: p.alt })),
      },
    }, 'Here are a few options');
  }],
  [/\blinks?\b/i, async (bot) => {
    bot.send({ messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', text: 'The full protocol is documented here:', linkItem: { url: 'https://developer.mozilla.org/docs/Web/API/Server-sent_events', title: 'Server-sent events — MDN' } } }, 'The full protocol is documented here: Server-sent events — MDN');
  }],
  [/\bmarkdown\b/i, answer(MARKDOWN, ['knowledge_base'])],
  [/\blong\b/i, answer(LONG, ['knowledge_base'])],
  [/\bprogress\b/i, async (bot) => {
    for (const step of ['Searching the knowledge base…', 'Reading 3 articles…', 'Writing the answer…']) {
      bot.progress(step);
      await bot.pause(25);
    }
    await answer('I looked through **3 articles** for you. The short version: install the script tag, point it at your gateway, and every prompt and answer shows up in Pendo.', ['knowledge_base', 'web_search'])(bot, '');
  }],
  [/\b(handoff|hand-off|human|person)\b/i, async (bot) => {
    bot.send(text('Let me connect you with a member of our team.'), 'Let me connect you with a member of our team.');
    bot.transfer(30);
    await bot.pause(40);
    bot.join(HUMAN_AGENT);
    bot.handOff();
    bot.typing(true, HUMAN_AGENT);
    await bot.pause(30);
    bot.typing(false, HUMAN_AGENT);
    bot.send(text("Hi, I'm **Alex** from the Northwind team. I've read your conversation — how can I help?"), "Hi, I'm Alex from the Northwind team. I've read your conversation — how can I help?", HUMAN_AGENT);
  }],
  [/^\W*end\b|\bgoodbye\b|\bbye\b/i, async (bot) => {
    bot.send(text('Thanks for chatting with Northwind. Have a great day!'), 'Thanks for chatting with Northwind. Have a great day!');
    await bot.pause(5);
    bot.close();
  }],
  [/\b(install|add|embed|script|snippet|setup|set up|npm)\b/i, answer(INSTALL, ['knowledge_base'])],
  [/\b(track|tracking|pendo|analytics|metrics|measure)\b/i, answer(TRACKING, ['knowledge_base'])],
  [/\b(price|prices|pricing|cost|costs|plan|plans|pay)\b/i, answer(PRICING, ['knowledge_base'])],
  [/^\W*(hi|hello|hey|hola|bonjour|hallo)\b/i, answer("Hello! I'm **Aria**, the demo agent behind this widget. Type *buttons*, *carousel* or *handoff* to see what I can show, or ask how to install me.")],
  [/^(yes|not really|buy|details)\b/i, answer('Noted — thanks! In a real deployment this choice would go to your bot as a plain `message` (a carousel click also carries its `cardIndex`).')],
];

function defaultAnswer(question: string): string {
  const quoted = question.length > 160 ? `${question.slice(0, 160)}…` : question;
  return (
    `Thanks for asking about “${quoted.replace(/[*_`[\]\\<>]/g, '')}”. I'm a demo bot without a real model, ` +
    'but here is what just happened on this page:\n\n' +
    '- your message reached the gateway through the **Chat API**\n' +
    '- this reply is streaming back over **Server-Sent Events**, one token at a time\n' +
    '- once it is final, the widget reports it with `trackAgent`\n\n' +
    'Type *buttons*, *carousel*, *progress* or *handoff* to see more.'
  );
}

/** A human agent answers plainly (no streaming); the bot picks the scenario for the text. */
const humanReply: Scenario = async (bot) => {
  bot.typing(true, HUMAN_AGENT);
  await bot.pause(40);
  bot.typing(false, HUMAN_AGENT);
  bot.send(text("Thanks — I'm looking into it now and will get back to you in a moment."), "Thanks — I'm looking into it now and will get back to you in a moment.", HUMAN_AGENT);
};

export function scenarioFor(question: string, handedOff: boolean): Scenario {
  if (handedOff && !/^\W*end\b/i.test(question)) return humanReply;
  return SCENARIOS.find(([pattern]) => pattern.test(question))?.[1] ?? ((bot) => answer(defaultAnswer(question))(bot, question));
}

// The built-in demo bot: a welcome on startSession; for each visitor message a read receipt,
// typing, a Markdown answer streamed token by token, then the final message. Replies to one
// conversation never interleave.
import { randomUUID } from 'node:crypto';
import type { WireAbstractMessage } from '../../widget/protocol/wire';
import { BOT } from './envelope';
import type { EventLog } from './event-log';

export interface Bot {
  onStartSession(conversationId: string): void;
  onMessage(conversationId: string, message: { id: string; text: string }): void;
  dispose(): void;
}

export interface DemoBotOptions {
  log: EventLog;
  /** Pause between streamed tokens; the other pauses scale with it. */
  tokenDelayMs: number;
  clock: () => number;
}

const MODEL = 'aria-demo-1';

const WELCOME =
  "Hi, I'm **Aria**, the Northwind support agent. Ask me anything about agent-chat — installing it, " +
  "what it tracks, pricing — and I'll stream the answer as I write it.";

interface Answer {
  match: RegExp;
  tools: string[];
  text: (question: string) => string;
}

const ANSWERS: Answer[] = [
  {
    match: /\b(install|add|embed|script|snippet|setup|set up|npm)\b/i,
    tools: ['knowledge_base'],
    text: () =>
      'Adding **agent-chat** to a site takes one tag. Paste it before `</body>` with:\n\n' +
      '- `data-api-base` pointing at your gateway\n- `data-agent-id` naming your agent\n' +
      '- optionally `data-title`, `data-theme` and `data-position`\n\n' +
      "The script loads asynchronously, renders in its own shadow root and never touches your page's styles. " +
      "Prefer npm? `import { mount } from 'agent-chat'` does the same from your bundle.",
  },
  {
    match: /\b(track|tracking|pendo|analytics|metrics|measure)\b/i,
    tools: ['knowledge_base'],
    text: () =>
      'Every exchange is reported to Pendo with `window.pendo.trackAgent`:\n\n' +
      '- a **prompt** event when your message is accepted\n' +
      '- an **agent_response** event when my answer is final, with its `duration`\n' +
      '- a **user_reaction** event when you rate an answer\n\n' +
      'Each carries the `conversationId`, a unique `messageId` and the models and tools used. Tokens are never ' +
      'tracked one by one, and nothing is counted twice after a reload. The **Tracking** panel on this page shows the exact payloads.',
  },
  {
    match: /\b(price|prices|pricing|cost|costs|plan|plans|pay)\b/i,
    tools: ['knowledge_base'],
    text: () =>
      'The widget is **free and open source**; you run the gateway on your own infrastructure. Typical plans look like this:\n\n' +
      '- **Starter**: one agent, up to 10,000 conversations a month\n' +
      '- **Team**: unlimited agents, export and analytics\n' +
      '- **Enterprise**: single sign-on, audit logs and a support SLA\n\n' +
      'This is a demo, so the plans are illustrative. Shall I explain what the gateway does?',
  },
  {
    match: /^\W*(hi|hello|hey|hola|bonjour|hallo|good (morning|afternoon|evening))\b/i,
    tools: [],
    text: () =>
      "Hello! I'm **Aria**, the demo agent behind this widget. I can explain how to add it to a site, " +
      'what it sends to Pendo, or how streaming works.\n\n' +
      'Try asking *how do I add the widget?* — my answers stream in token by token, like a real model.',
  },
];

function defaultAnswer(question: string): string {
  const quoted = question.length > 160 ? `${question.slice(0, 160)}…` : question;
  return (
    `Thanks for asking about “${quoted.replace(/[*_`[\]\\]/g, '')}”. I'm a demo bot without a real model, ` +
    'but here is what just happened on this page:\n\n' +
    '- your message reached the gateway through the **Chat API**\n' +
    '- this reply is streaming back over **Server-Sent Events**, one token at a time\n' +
    '- once it is final, the widget reports it with `trackAgent`\n\n' +
    'Ask me about installing the widget, tracking or pricing for a more specific answer.'
  );
}

function answerFor(question: string): { text: string; tools: string[] } {
  const answer = ANSWERS.find((a) => a.match.test(question));
  return answer ? { text: answer.text(question), tools: answer.tools } : { text: defaultAnswer(question), tools: [] };
}

function textMessage(id: string, text: string, tools: string[]): WireAbstractMessage {
  return { messageType: 'StaticContentMessage', id, staticContent: { formatType: 'Text', text }, agentMeta: { modelsUsed: [MODEL], toolsUsed: tools } };
}

export function createDemoBot({ log, tokenDelayMs, clock }: DemoBotOptions): Bot {
  const queues = new Map<string, Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let disposed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (disposed) return reject(new Error('bot stopped'));
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (disposed) reject(new Error('bot stopped'));
        else resolve();
      }, ms);
      timers.add(timer);
    });
  const pause = (tokens: number) => sleep(Math.max(1, tokens * tokenDelayMs));

  /** Runs one reply after the conversation's previous one, so replies never interleave. */
  function enqueue(conversationId: string, reply: () => Promise<void>) {
    const next = (queues.get(conversationId) ?? Promise.resolve())
      .then(reply)
      .catch((error: unknown) => {
        if (!disposed) console.error('demo bot: a reply failed', error);
      });
    queues.set(conversationId, next);
    void next.then(() => queues.get(conversationId) === next && queues.delete(conversationId));
  }

  function say(conversationId: string, id: string, text: string, tools: string[]) {
    const abstractMessage = textMessage(id, text, tools);
    log.durable(conversationId, 'CONVERSATION_MESSAGE', { entryType: 'Message', id, abstractMessage }, BOT, {
      id, role: 'Chatbot', text, body: JSON.stringify(abstractMessage),
    });
  }

  return {
    onStartSession(conversationId) {
      enqueue(conversationId, async () => {
        await pause(10);
        say(conversationId, randomUUID(), WELCOME, []);
      });
    },
    onMessage(conversationId, message) {
      const acknowledge = (entryType: 'DeliveryAcknowledgement' | 'ReadAcknowledgement') =>
        log.durable(conversationId, entryType === 'DeliveryAcknowledgement' ? 'CONVERSATION_DELIVERY_ACKNOWLEDGEMENT' : 'CONVERSATION_READ_ACKNOWLEDGEMENT', {
          entryType, id: randomUUID(), acknowledgedConversationEntryIdentifier: message.id, acknowledgementTimestamp: clock(),
        }, BOT);
      enqueue(conversationId, async () => {
        await pause(4);
        acknowledge('DeliveryAcknowledgement');
        await pause(6);
        acknowledge('ReadAcknowledgement');
        const now = clock();
        log.ephemeral(conversationId, 'CONVERSATION_TYPING_STARTED_INDICATOR', { entryType: 'TypingStartedIndicator', id: randomUUID(), timestamp: now }, BOT);
        await pause(15);
        const { text, tools } = answerFor(message.text);
        const target = randomUUID();
        const tokens = text.match(/\S+\s*|\s+/g) ?? [text];
        for (const [i, token] of tokens.entries()) {
          log.ephemeral(conversationId, 'CONVERSATION_STREAMING_TOKEN', {
            entryType: 'StreamingToken',
            id: randomUUID(),
            streamingToken: {
              tokenType: 'MessageStreamingToken', sequenceNumber: i + 1, timestamp: clock(), targetMessageIdentifier: target,
              token: { formatType: 'Text', text: token },
            },
          }, BOT);
          await pause(1);
        }
        log.ephemeral(conversationId, 'CONVERSATION_TYPING_STOPPED_INDICATOR', { entryType: 'TypingStoppedIndicator', id: randomUUID(), timestamp: clock() }, BOT);
        say(conversationId, target, text, tools);
      });
    },
    dispose() {
      disposed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

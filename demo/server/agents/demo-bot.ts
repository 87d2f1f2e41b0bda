// The built-in demo bot. Each visitor message runs one scenario (demo-scenarios.ts) through the
// primitives below: receipts, typing, progress, streaming, messages, hand-off and close.
// Replies to one conversation never interleave.
import { randomUUID } from 'node:crypto';
import type { WireAgentMeta } from '../../../widget/protocol/wire';
import { BOT, HUMAN_AGENT, type Sender } from '../events/envelope';
import { agentActions } from './actions';
import type { Bot, MessageBody } from './bot';
import type { EventLog } from '../events/event-log';
import type { ConversationStore } from '../store/store';
import { type BotActions, WELCOME, scenarioFor } from './demo-scenarios';

export interface DemoBotOptions {
  log: EventLog;
  /** Where the bot's close goes (the conversation's one closing path). */
  store: Pick<ConversationStore, 'closeConversation'>;
  /** Pause between streamed tokens; the other pauses scale with it. */
  tokenDelayMs: number;
  clock: () => number;
  /** Absolute URL the demo's images are served under (the gateway's public address). */
  assetBase: string;
  /** The name the bot's messages carry; "Aria" by default. */
  name?: string;
}

const MODEL = 'aria-demo-1';

export function createDemoBot({ log, store, tokenDelayMs, clock, assetBase, name }: DemoBotOptions): Bot {
  const bot: Sender = name ? { ...BOT, displayName: name } : BOT;
  const queues = new Map<string, Promise<void>>();
  const handedOff = new Set<string>();
  /** The reply streaming in each conversation, which Stop ends early. */
  const replying = new Map<string, { stopped: boolean }>();
  const timers = new Set<NodeJS.Timeout>();
  let disposed = false;

  const pause = (tokens: number) =>
    new Promise<void>((resolve, reject) => {
      if (disposed) return reject(new Error('bot stopped'));
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (disposed) reject(new Error('bot stopped'));
        else resolve();
      }, Math.max(1, tokens * tokenDelayMs));
      timers.add(timer);
    });

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

  /** The event log keeps a conversation's emissions in order, so the bot need not wait for each. */
  const emit = (emission: Promise<unknown>) =>
    void emission.catch((error: unknown) => {
      if (!disposed) console.error('demo bot: an event was not emitted', error);
    });

  function actions(conversationId: string): BotActions {
    const act = agentActions({ log, store, clock, agent: bot }, conversationId);
    /** A durable message; the bot's carry agentMeta (models and tools) for analytics. */
    const post = (message: MessageBody, text: string, sender: Sender, id: string, meta: WireAgentMeta) =>
      emit(act.message(id, message, text, { sender, ...(sender === bot && { agentMeta: { modelsUsed: [MODEL], ...meta } }) }));
    return {
      assetBase,
      pause,
      typing: (on, sender = bot) => emit(act.typing(on, sender)),
      progress: (text) => emit(act.progress(text)),
      async stream(text, tools = []) {
        const target = randomUUID();
        const tokens = text.match(/\S+\s*|\s+/g) ?? [text];
        const streaming = { stopped: false };
        replying.set(conversationId, streaming);
        let sent = 0;
        try {
          for (; sent < tokens.length && !streaming.stopped; sent++) {
            emit(act.token(target, sent + 1, tokens[sent]!));
            await pause(1);
          }
        } finally {
          replying.delete(conversationId);
        }
        this.typing(false);
        const said = streaming.stopped ? tokens.slice(0, sent).join('') : text;
        post({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: said } }, said, bot, target, {
          toolsUsed: tools, ...(streaming.stopped && { stopped: true }),
        });
      },
      send: (message, text, sender = bot) => post(message, text, sender, randomUUID(), { toolsUsed: [] }),
      transfer: (waitSeconds) => emit(act.transfer(waitSeconds)),
      join: (sender) => emit(act.participant('add', sender)),
      close() {
        handedOff.delete(conversationId);
        emit(act.close('Agent'));
      },
      handOff: () => void handedOff.add(conversationId),
    };
  }

  function acknowledge(conversationId: string, messageId: string, state: 'delivered' | 'read', sender: Sender) {
    emit(agentActions({ log, store, clock, agent: sender }, conversationId).acknowledge(messageId, state));
  }

  function welcome(conversationId: string) {
    enqueue(conversationId, async () => {
      await pause(10);
      actions(conversationId).send({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: WELCOME } }, WELCOME);
    });
  }

  function reply(conversationId: string, message: { id: string; text: string }) {
    enqueue(conversationId, async () => {
      const human = handedOff.has(conversationId);
      const sender = human ? HUMAN_AGENT : bot;
      await pause(4);
      acknowledge(conversationId, message.id, 'delivered', sender);
      await pause(6);
      acknowledge(conversationId, message.id, 'read', sender);
      await scenarioFor(message.text, human)(actions(conversationId), message.text);
    });
  }

  return {
    // The demo bot answers later, on its own: receiving never fails.
    async receive(request) {
      const id = request.platformConversationId;
      if (request.eventType === 'startSession') welcome(id);
      // Files are named in what the bot answers to: a message may be files alone.
      else if (request.eventType === 'message') {
        const files = request.attachments?.map((a) => a.name).join(', ');
        reply(id, { id: request.messageId!, text: [request.text, files && `(files: ${files})`].filter(Boolean).join(' ') });
      }
      // After the replies already queued, which may still hand the conversation off.
      else if (request.eventType === 'endSession') enqueue(id, async () => void handedOff.delete(id));
    },
    stop(conversationId) {
      const streaming = replying.get(conversationId);
      if (streaming) streaming.stopped = true;
    },
    dispose() {
      disposed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

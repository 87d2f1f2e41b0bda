// The built-in demo bot. Each visitor message runs one scenario (demo-scenarios.ts) through the
// primitives below: receipts, typing, progress, streaming, messages, hand-off and close.
// Replies to one conversation never interleave.
import { randomUUID } from 'node:crypto';
import { BOT, HUMAN_AGENT, SYSTEM, type Sender } from '../events/envelope';
import { type Bot, type MessageBody, withId } from './bot';
import type { EventLog } from '../events/event-log';
import { type BotActions, WELCOME, scenarioFor } from './demo-scenarios';

export interface DemoBotOptions {
  log: EventLog;
  /** Pause between streamed tokens; the other pauses scale with it. */
  tokenDelayMs: number;
  clock: () => number;
  /** Absolute URL the demo's images are served under (the gateway's public address). */
  assetBase: string;
}

const MODEL = 'aria-demo-1';

export function createDemoBot({ log, tokenDelayMs, clock, assetBase }: DemoBotOptions): Bot {
  const queues = new Map<string, Promise<void>>();
  const handedOff = new Set<string>();
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
    /** A durable message; the bot's carry agentMeta (models and tools) for analytics. */
    function post(message: MessageBody, text: string, sender: Sender, id: string, tools: string[]) {
      const abstractMessage = withId(message, id, sender === BOT ? { agentMeta: { modelsUsed: [MODEL], toolsUsed: tools } } : {});
      emit(log.durable(conversationId, { entryType: 'Message', id, abstractMessage }, sender, {
        id, role: sender.role, text, body: JSON.stringify(abstractMessage),
      }));
    }
    return {
      assetBase,
      pause,
      typing(on, sender = BOT) {
        const entryType = on ? 'TypingStartedIndicator' : 'TypingStoppedIndicator';
        emit(log.ephemeral(conversationId, { entryType, id: randomUUID(), timestamp: clock() }, sender));
      },
      progress(text) {
        emit(log.ephemeral(conversationId, {
          entryType: 'ProgressIndicator', id: randomUUID(),
          progressIndicator: { indicatorType: 'ProgressUpdateIndicator', progressMessage: { formatType: 'Text', text } },
        }, BOT));
      },
      async stream(text, tools = []) {
        const target = randomUUID();
        const tokens = text.match(/\S+\s*|\s+/g) ?? [text];
        for (const [i, token] of tokens.entries()) {
          emit(log.ephemeral(conversationId, {
            entryType: 'StreamingToken', id: randomUUID(),
            streamingToken: {
              tokenType: 'MessageStreamingToken', sequenceNumber: i + 1, timestamp: clock(), targetMessageIdentifier: target,
              token: { formatType: 'Text', text: token },
            },
          }, BOT));
          await pause(1);
        }
        this.typing(false);
        post({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } }, text, BOT, target, tools);
      },
      send: (message, text, sender = BOT) => post(message, text, sender, randomUUID(), []),
      transfer(waitSeconds) {
        emit(log.durable(conversationId, {
          entryType: 'RoutingResult', id: randomUUID(), routingType: 'Transfer', failureType: 'None', failureReason: '',
          estimatedWaitTime: { estimatedWaitTimeInSeconds: waitSeconds },
        }, SYSTEM));
      },
      join(sender) {
        emit(log.durable(conversationId, {
          entryType: 'ParticipantChanged', id: randomUUID(),
          entries: [{ operation: 'add', displayName: sender.displayName, participant: { role: sender.role, appType: sender.appType, subject: sender.subject } }],
        }, SYSTEM));
      },
      close() {
        handedOff.delete(conversationId);
        emit(log.durable(conversationId, { entryType: 'CloseConversation', id: randomUUID(), reason: 'Agent' }, SYSTEM));
      },
      handOff: () => void handedOff.add(conversationId),
    };
  }

  function acknowledge(conversationId: string, messageId: string, entryType: 'DeliveryAcknowledgement' | 'ReadAcknowledgement', sender: Sender) {
    emit(log.durable(conversationId, {
      entryType, id: randomUUID(), acknowledgedConversationEntryIdentifier: messageId, acknowledgementTimestamp: clock(),
    }, sender));
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
      const sender = human ? HUMAN_AGENT : BOT;
      await pause(4);
      acknowledge(conversationId, message.id, 'DeliveryAcknowledgement', sender);
      await pause(6);
      acknowledge(conversationId, message.id, 'ReadAcknowledgement', sender);
      await scenarioFor(message.text, human)(actions(conversationId), message.text);
    });
  }

  return {
    // The demo bot answers later, on its own: receiving never fails.
    async receive(request) {
      const id = request.platformConversationId;
      if (request.eventType === 'startSession') welcome(id);
      else if (request.eventType === 'message') reply(id, { id: request.messageId!, text: request.text! });
      // After the replies already queued, which may still hand the conversation off.
      else if (request.eventType === 'endSession') enqueue(id, async () => void handedOff.delete(id));
    },
    dispose() {
      disposed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

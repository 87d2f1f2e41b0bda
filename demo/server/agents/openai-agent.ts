// An OpenAI-compatible Chat Completions endpoint as the agent (PROTOCOL §3): for each visitor message
// the gateway streams `POST {base}/chat/completions` with the conversation's history from the store,
// and turns the chunks into receipts, typing, progress (tool calls), streaming tokens and one final
// message. Whatever goes wrong ends in a notice to the visitor; Stop ends the reply with its text so far.
import { randomUUID } from 'node:crypto';
import type { OpenAiConfig } from '../config';
import type { Sender } from '../events/envelope';
import type { EventLog } from '../events/event-log';
import type { ConversationStore } from '../store/store';
import { type AgentActions, agentActions } from './actions';
import type { Bot } from './bot';
import { type Turn, historyMessages } from './openai-history';
import { storedAttachments, withUrls } from '../files/attachments';
import type { FileUrls } from '../files/file-urls';
import { parseJson } from '../../../widget/protocol/json';
import { type CompletionStep, createCompletionParser } from './openai-stream';

export interface OpenAiAgentOptions {
  config: OpenAiConfig;
  /** Who the visitor sees answering. */
  agentName: string;
  log: EventLog;
  store: Pick<ConversationStore, 'recentMessages' | 'closeConversation'>;
  clock: () => number;
  /** Signs the URLs of the files in the history (the stored ones carry none). */
  urls: FileUrls;
  fetch?: typeof fetch;
}

/** What the visitor is told, inside "We couldn't connect you to an agent (…)". */
export const FAILURE_NOTICE = {
  credentials: 'the AI service refused the gateway’s credentials',
  busy: 'the AI service is busy',
  serverError: 'the AI service had an error',
  refused: 'the AI service refused the request',
  unreachable: 'the AI service could not be reached',
  timeout: 'the AI service did not answer in time',
  cut: 'the answer was cut off',
  malformed: 'the AI service sent an answer that could not be read',
  empty: 'the AI service sent an empty answer',
} as const;

/** A reply that cannot be finished: what the visitor is told, and what the log says. */
class ReplyFailed extends Error {
  constructor(readonly notice: string, detail: string) {
    super(detail);
  }
}

function statusNotice(status: number): string {
  if (status === 401 || status === 403) return FAILURE_NOTICE.credentials;
  if (status === 429) return FAILURE_NOTICE.busy;
  return status >= 500 ? FAILURE_NOTICE.serverError : FAILURE_NOTICE.refused;
}

// Why a reply's request was aborted.
const STOPPED = 'stopped';
const TIMED_OUT = 'timed out';
const DISPOSED = 'disposed';

/** A reply in progress: the final message's id, what streamed so far, the tools and the model. */
interface Reply {
  target: string;
  text: string;
  tokens: number;
  tools: string[];
  model: string;
  /** Whether the typing indicator is on (it goes off however the reply ends). */
  typing: boolean;
}

export function createOpenAiAgent({ config, agentName, log, store, clock, urls, fetch: send = fetch }: OpenAiAgentOptions): Bot {
  const endpoint = new URL('chat/completions', config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`).href;
  const agent: Sender = { role: 'Chatbot', appType: 'chatbot', subject: 'openai-agent', displayName: agentName };
  const queues = new Map<string, Promise<void>>();
  const running = new Map<string, AbortController>();
  let disposed = false;

  /** Answers one message after the conversation's previous one, so replies never interleave. */
  function enqueue(conversationId: string, question: Omit<Turn, 'role'>) {
    const next = (queues.get(conversationId) ?? Promise.resolve())
      .then(() => (disposed ? undefined : answer(conversationId, question)))
      .catch((error: unknown) => console.error(`openai agent: conversation ${conversationId}: the reply could not be sent`, error));
    queues.set(conversationId, next);
    void next.then(() => queues.get(conversationId) === next && queues.delete(conversationId));
  }

  async function request(conversationId: string, question: Omit<Turn, 'role'>, signal: AbortSignal): Promise<Response> {
    const stored = (await store.recentMessages(conversationId, config.historyMessages)).map((m) => ({
      ...m, attachments: withUrls(storedAttachments(parseJson(m.body)), conversationId, urls),
    }));
    const messages = historyMessages(stored, question, config.instructions, { messages: config.historyMessages, chars: config.historyChars });
    try {
      return await send(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...(config.apiKey && { Authorization: `Bearer ${config.apiKey}` }) },
        body: JSON.stringify({ model: config.model, messages, stream: true }),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ReplyFailed(FAILURE_NOTICE.unreachable, `${endpoint} could not be reached (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** Applies one step; true once the answer is complete. */
  async function apply(step: CompletionStep, reply: Reply, act: AgentActions): Promise<boolean> {
    switch (step.kind) {
      case 'model':
        reply.model = step.model;
        return false;
      case 'text':
        reply.text += step.text;
        await act.token(reply.target, ++reply.tokens, step.text);
        return false;
      case 'tool':
        if (!reply.tools.includes(step.name)) reply.tools.push(step.name);
        await act.progress(`Using ${step.name}…`);
        return false;
      case 'done':
        return true;
      case 'cut':
        throw new ReplyFailed(FAILURE_NOTICE.cut, 'the stream ended before data: [DONE]');
      case 'malformed':
        throw new ReplyFailed(FAILURE_NOTICE.malformed, step.reason);
    }
  }

  async function finish(reply: Reply, act: AgentActions, stopped: boolean) {
    if (reply.typing) await act.typing(false);
    if (!reply.text) return;
    await act.message(reply.target, { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: reply.text } }, reply.text, {
      agentMeta: { modelsUsed: [reply.model], toolsUsed: reply.tools, ...(stopped && { stopped: true }) },
    });
  }

  async function fail(conversationId: string, reply: Reply, act: AgentActions, failure: ReplyFailed) {
    console.warn(`openai agent: conversation ${conversationId}: ${failure.message}`);
    // The visitor never sees half an answer as if it were whole: what streamed is withdrawn.
    if (reply.tokens > 0) await act.invalidateStream(reply.target, reply.tokens + 1, failure.notice);
    if (reply.typing) await act.typing(false);
    await act.failed(failure.notice);
  }

  async function answer(conversationId: string, question: Omit<Turn, 'role'>) {
    const act = agentActions({ log, store, clock, agent }, conversationId);
    const controller = new AbortController();
    running.set(conversationId, controller);
    const reply: Reply = { target: randomUUID(), text: '', tokens: 0, tools: [], model: config.model, typing: false };
    let timer: NodeJS.Timeout | undefined;
    // The timeout is on silence: a long answer that keeps coming is not cut.
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(TIMED_OUT), config.timeoutMs);
    };
    try {
      arm();
      const response = await request(conversationId, question, controller.signal);
      if (!response.ok) {
        const body = await response.text().catch(() => '');
        throw new ReplyFailed(statusNotice(response.status), `${endpoint} answered HTTP ${response.status}: ${body.slice(0, 200)}`);
      }
      if (!response.body) throw new ReplyFailed(FAILURE_NOTICE.empty, `${endpoint} answered without a body`);
      await act.acknowledge(question.id, 'delivered');
      await act.acknowledge(question.id, 'read');
      reply.typing = true;
      await act.typing(true);
      const parser = createCompletionParser();
      let complete = false;
      try {
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (let piece = await reader.read(); !piece.done && !complete; piece = await reader.read()) {
          arm();
          for (const step of parser.feed(piece.value)) complete ||= await apply(step, reply, act);
        }
      } catch (error) {
        if (controller.signal.aborted || error instanceof ReplyFailed) throw error;
        throw new ReplyFailed(FAILURE_NOTICE.cut, `the stream broke off (${error instanceof Error ? error.message : String(error)})`);
      }
      if (!complete) for (const step of parser.end()) complete ||= await apply(step, reply, act);
      if (!reply.text) throw new ReplyFailed(FAILURE_NOTICE.empty, 'the answer had no text');
      clearTimeout(timer);
      await finish(reply, act, false);
    } catch (error) {
      clearTimeout(timer);
      const aborted: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
      if (aborted === DISPOSED) return;
      if (aborted === STOPPED) return await finish(reply, act, true);
      if (aborted === TIMED_OUT) return await fail(conversationId, reply, act, new ReplyFailed(FAILURE_NOTICE.timeout, `no answer for ${config.timeoutMs} ms`));
      if (error instanceof ReplyFailed) return await fail(conversationId, reply, act, error);
      throw error;
    } finally {
      if (running.get(conversationId) === controller) running.delete(conversationId);
      controller.abort(); // frees the connection, whatever state the body is in
    }
  }

  return {
    // The answer comes later, over SSE: receiving never fails, so the visitor's message is always kept.
    async receive(request) {
      if (request.eventType !== 'message') return;
      const attachments = request.attachments && withUrls(request.attachments, request.platformConversationId, urls);
      enqueue(request.platformConversationId, { id: request.messageId!, text: request.text!, ...(attachments && { attachments }) });
    },
    stop(conversationId) {
      running.get(conversationId)?.abort(STOPPED);
    },
    dispose() {
      disposed = true;
      for (const controller of running.values()) controller.abort(DISPOSED);
    },
  };
}

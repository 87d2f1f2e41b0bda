// A deterministic generator of conversations for tests and benchmarks: the same seed gives the
// same conversations, messages, tags and times.
import { seededRandom } from '../../../widget/testing/random';
import type { ConversationStore, EventStore } from '../store/store';

export interface SeedOptions {
  count: number;
  botName: string;
  /** Conversations start at random times in [start, start + spanMs). */
  start: number;
  spanMs: number;
  seed: number;
}

export interface SeededConversation {
  id: string;
  createdAt: number;
  messageIds: string[];
  escalated: boolean;
  closed: boolean;
}

const hex = (random: () => number, length: number) => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = (random: () => number) => `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;

const text = (id: string, body: string) => JSON.stringify({ messageType: 'StaticContentMessage', id, staticContent: { formatType: 'Text', text: body } });
const choices = (id: string, body: string, titles: string[]) =>
  JSON.stringify({
    messageType: 'ChoicesMessage', id,
    choices: { formatType: 'Buttons', text: body, optionItems: titles.map((title) => ({ itemType: 'TitleOptionItem', optionIdentifier: title, titleItem: { itemType: 'TitleItem', title } })) },
  });

/** Writes `count` conversations, each with a few messages a second apart, through the store. */
export async function seedConversations(store: Pick<ConversationStore, 'createConversation' | 'closeConversation'> & Pick<EventStore, 'appendEvent'>, options: SeedOptions): Promise<SeededConversation[]> {
  const random = seededRandom(options.seed);
  const out: SeededConversation[] = [];
  for (let n = 0; n < options.count; n++) {
    const id = uuid(random);
    const createdAt = options.start + Math.floor(random() * options.spanMs);
    const escalated = random() < 0.1;
    const closed = random() < 0.3;
    await store.createConversation({ id, botName: options.botName, createdAt, lastActionAt: createdAt, status: 'open', metadata: { locale: 'en', page_url: `https://shop.example/p/${n % 7}` }, welcomed: true });
    const messageIds: string[] = [];
    let at = createdAt;
    const add = async (role: 'EndUser' | 'Chatbot' | 'Agent', body: string, plain: string, action?: 'text' | 'button') => {
      const messageId = uuid(random);
      messageIds.push(messageId);
      await store.appendEvent(id, 'CONVERSATION_MESSAGE', '{}', at, {
        id: messageId, conversationId: id, role, text: plain, body, createdAt: at, ...(action && { action }),
      });
      at += 1000;
    };
    await add('Chatbot', text('w', 'Welcome!'), 'Welcome!');
    await add('EndUser', text('q', `Question ${n}`), `Question ${n}`, 'text');
    await add('Chatbot', choices('c', 'Did that help?', ['Yes', 'No']), 'Did that help?\nYes\nNo');
    await add('EndUser', text('a', 'Yes'), 'Yes', 'button');
    if (escalated) {
      await store.appendEvent(id, 'CONVERSATION_ROUTING_RESULT', '{}', at);
      await add('Agent', text('h', 'Hi, I am Alex.'), 'Hi, I am Alex.');
    }
    if (closed) await store.closeConversation(id, at);
    out.push({ id, createdAt, messageIds, escalated, closed });
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../store/store';
import { historyMessages } from './openai-history';

const stored = (id: string, role: MessageRecord['role'], text: string) => ({ id, role, text });
const TRANSCRIPT = [
  stored('q1', 'EndUser', 'Hello'),
  stored('a1', 'Chatbot', 'Hi! How can I help?'),
  stored('n1', 'System', 'Connecting you…'),
  stored('q2', 'EndUser', 'Where is my order?'),
  stored('a2', 'Agent', 'It ships today.'),
];
const WIDE = { messages: 100, chars: 100_000 };

describe('historyMessages', () => {
  it('maps the visitor to user and bots and people to assistant, leaves notices out, ends with the question', () => {
    expect(historyMessages(TRANSCRIPT, { id: 'q3', text: 'Thanks!' }, 'Be brief.', WIDE)).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Hi! How can I help?' },
      { role: 'user', content: 'Where is my order?' },
      { role: 'assistant', content: 'It ships today.' },
      { role: 'user', content: 'Thanks!' },
    ]);
  });

  it('sends no system message without instructions, and the question once when the store already has it', () => {
    const withQuestion = [...TRANSCRIPT, stored('q3', 'EndUser', 'Thanks!')];
    expect(historyMessages(withQuestion, { id: 'q3', text: 'Thanks!' }, '', WIDE)).toEqual(historyMessages(TRANSCRIPT, { id: 'q3', text: 'Thanks!' }, 'x', WIDE).slice(1));
  });

  it('keeps the newest messages within the count', () => {
    expect(historyMessages(TRANSCRIPT, { id: 'q3', text: 'Thanks!' }, 'sys', { messages: 3, chars: 100_000 })).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'Where is my order?' },
      { role: 'assistant', content: 'It ships today.' },
      { role: 'user', content: 'Thanks!' },
    ]);
    expect(historyMessages(TRANSCRIPT, { id: 'q3', text: 'Thanks!' }, '', { messages: 1, chars: 100_000 })).toEqual([{ role: 'user', content: 'Thanks!' }]);
  });

  it('keeps the newest messages within the characters, and the question whatever its length', () => {
    // "Thanks!" (7) + "It ships today." (15) = 22 ≤ 25; with "Where is my order?" (18) it would be 40.
    expect(historyMessages(TRANSCRIPT, { id: 'q3', text: 'Thanks!' }, '', { messages: 100, chars: 25 })).toEqual([
      { role: 'assistant', content: 'It ships today.' },
      { role: 'user', content: 'Thanks!' },
    ]);
    expect(historyMessages(TRANSCRIPT, { id: 'q3', text: 'Thanks!' }, '', { messages: 100, chars: 22 })).toHaveLength(2);
    expect(historyMessages(TRANSCRIPT, { id: 'q3', text: 'Thanks!' }, '', { messages: 100, chars: 21 })).toEqual([{ role: 'user', content: 'Thanks!' }]);
    const long = 'x'.repeat(4000);
    expect(historyMessages(TRANSCRIPT, { id: 'q3', text: long }, '', { messages: 100, chars: 10 })).toEqual([{ role: 'user', content: long }]);
  });

  it("sends a visitor's images as image parts and other files by name and URL in the text, files-only messages included", () => {
    const png = { id: 'f1', name: 'chart.png', type: 'png', size: 120, url: 'https://gw.example/api/files/get?f=f1&e=1&s=x' };
    const csv = { id: 'f2', name: 'data.csv', type: 'csv', size: 28, url: 'https://gw.example/api/files/get?f=f2&e=1&s=y' };
    const history = [{ ...stored('q1', 'EndUser', ''), attachments: [csv] }, stored('a1', 'Chatbot', 'Got it.')];
    expect(historyMessages(history, { id: 'q2', text: 'What does it show?', attachments: [png, csv] }, '', WIDE)).toEqual([
      { role: 'user', content: `Attached file: data.csv (csv, 28 bytes) ${csv.url}` },
      { role: 'assistant', content: 'Got it.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: `What does it show?\nAttached file: data.csv (csv, 28 bytes) ${csv.url}` },
          { type: 'image_url', image_url: { url: png.url } },
        ],
      },
    ]);
    expect(historyMessages([], { id: 'q1', text: '', attachments: [png] }, '', WIDE)).toEqual([{ role: 'user', content: [{ type: 'image_url', image_url: { url: png.url } }] }]);
  });
});

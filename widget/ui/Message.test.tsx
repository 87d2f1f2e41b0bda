// @vitest-environment happy-dom
import { signal } from '@preact/signals';
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentItem, StreamItem } from '../chat/model';
import { MARKDOWN_REPLY } from '../testing/markdown-reply';
import { markdownUi } from '../testing/render-markdown';
import { Message } from './Message';

const from = { role: 'Chatbot' as const, id: 'bot', name: 'Aria' };

describe('a streamed reply becoming its final message', () => {
  let frames: FrameRequestCallback[];
  const runFrame = async () => {
    for (const callback of frames.splice(0)) callback(0);
    await new Promise((resolve) => setTimeout(resolve, 0)); // Preact renders after a microtask
  };
  beforeEach(() => {
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => {});
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the elements of the blocks streamed before, and shows the final text', async () => {
    const ui = markdownUi();
    const list = document.createElement('ol');
    const stream: StreamItem = { kind: 'stream', id: 'm1', from, at: 0, text: signal(''), incomplete: signal(false), nextSeq: 1, early: new Map() };
    const show = (item: StreamItem | AgentItem) => render(h(Message, { item, ui, live: false, first: true, showReceipt: false }), list);
    show(stream);
    stream.text.value = MARKDOWN_REPLY;
    await runFrame();
    const bubble = list.querySelector('.bubble')!;
    expect(list.querySelector('li')!.getAttribute('aria-busy')).toBe('true');
    const streamedBlocks = [...bubble.querySelector('.md')!.children];
    expect(bubble.querySelector('table')).not.toBeNull();

    const final: AgentItem = { kind: 'agent', id: 'm1', from, at: 0, content: { type: 'text', text: MARKDOWN_REPLY }, reaction: signal(null), commentOpen: signal(false) };
    show(final);
    await runFrame();
    expect(list.querySelector('li')!.hasAttribute('aria-busy')).toBe(false);
    expect(list.querySelector('.caret')).toBeNull();
    expect(list.querySelector('.bubble')).toBe(bubble);
    const finalBlocks = [...bubble.querySelector('.md')!.children];
    // Every block but the last, which was shown completed, is the element it was.
    expect(finalBlocks.slice(0, -1)).toEqual(streamedBlocks.slice(0, -1));
    finalBlocks.slice(0, -1).forEach((block, i) => expect(block).toBe(streamedBlocks[i]));
    expect(bubble.textContent).toContain("AgentChat('on', 'response', showAnswer);");
  });

  it('shows a final text that differs from the streamed one', async () => {
    const ui = markdownUi();
    const list = document.createElement('ol');
    const stream: StreamItem = { kind: 'stream', id: 'm1', from, at: 0, text: signal('First **draft**.\n\nSecond'), incomplete: signal(false), nextSeq: 1, early: new Map() };
    render(h(Message, { item: stream, ui, live: false, first: true, showReceipt: false }), list);
    await runFrame();
    const final: AgentItem = { kind: 'agent', id: 'm1', from, at: 0, content: { type: 'text', text: 'The answer, *rewritten*.' }, reaction: signal(null), commentOpen: signal(false) };
    render(h(Message, { item: final, ui, live: false, first: true, showReceipt: false }), list);
    await runFrame();
    const md = list.querySelector('.md')!;
    expect([...md.children].map((block) => block.tagName)).toEqual(['P']);
    expect(md.textContent).toBe('The answer, rewritten.');
    expect(md.querySelector('em')!.textContent).toBe('rewritten');
  });
});

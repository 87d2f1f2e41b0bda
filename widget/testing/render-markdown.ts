// Renders Markdown the way a message bubble does, into the test's DOM (happy-dom), with the English
// strings and a recorder for what the widget announces.
import { h, render } from 'preact';
import type { Ui } from '../ui/context';
import { Markdown } from '../ui/Markdown';
import { EN_STRINGS } from '../i18n/strings';

export function markdownUi(announced: string[] = []): Ui {
  return {
    strings: EN_STRINGS,
    actions: {} as Ui['actions'], // Markdown acts on nothing
    time: () => '',
    duration: () => '',
    announce: (text) => announced.push(text),
    size: String,
    attach: false,
  };
}

/** Renders into a fresh container; call again with the same container to update it. */
export function renderMarkdown(text: string, { streaming = false, container = document.createElement('div'), ui = markdownUi() } = {}): HTMLElement {
  render(h(Markdown, { text, ui, streaming }), container);
  return container;
}

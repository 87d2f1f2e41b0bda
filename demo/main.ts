// The demo page's own script: the Pendo stand-in (unless a real Pendo agent is on the page),
// the tracking inspector, and the suggested prompts.
import { startInspector } from './inspector';
import { installPendoStandIn } from './pendo-stand-in';

interface AgentChatGlobal {
  send?(text: string): void;
}

function byId(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (!node) throw new Error(`demo page: #${id} is missing`);
  return node;
}

const standIn = installPendoStandIn(window);
byId('pendo-mode').textContent = standIn ? 'Pendo stand-in (records calls on this page)' : 'Real Pendo agent detected';
startInspector(byId('calls'), byId('call-count'), byId('calls-empty'));

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-prompt]')) {
  button.addEventListener('click', () => {
    const chat = (window as { AgentChat?: AgentChatGlobal }).AgentChat;
    chat?.send?.(button.dataset['prompt'] ?? '');
  });
}

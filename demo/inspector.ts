// The demo page's "Tracking" panel: each trackAgent call, newest first, with its full payload.
import { CALL_EVENT, type RecordedCall } from './pendo-stand-in';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function summary(call: RecordedCall): string {
  const agentic = call.agenticProperties as { content?: unknown } | null;
  const content = typeof agentic?.content === 'string' ? agentic.content : '';
  return content.length > 90 ? `${content.slice(0, 90)}…` : content;
}

export function startInspector(list: HTMLElement, counter: HTMLElement, empty: HTMLElement): void {
  let count = 0;
  window.addEventListener(CALL_EVENT, (event) => {
    const call = (event as CustomEvent<RecordedCall>).detail;
    count++;
    counter.textContent = String(count);
    empty.hidden = true;
    const item = element('li', 'call');
    const head = element('div', 'call-head');
    head.append(
      element('span', `badge badge-${call.eventType}`, call.eventType),
      element('time', 'call-time', new Date(call.at).toLocaleTimeString()),
    );
    const details = element('details', 'call-details');
    details.append(
      element('summary', 'call-summary', summary(call) || '(no content)'),
      element('pre', 'call-json', JSON.stringify({ agenticProperties: call.agenticProperties, properties: call.properties }, null, 2)),
    );
    item.append(head, details);
    list.prepend(item);
  });
}

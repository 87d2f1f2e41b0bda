// `agent-chat/element`: importing it in a browser registers <agent-chat api-base="…" agent-id="…" title="…">.
// The element mounts the widget when it enters the document and tears it down when it leaves;
// its `api` property is the same API object mount() returns.
import { mount } from './api';
import { configFromAttributes } from './config';
import type { AgentChatApi } from './public-api';

const ATTRIBUTES = ['api-base', 'agent-id', 'title', 'locale', 'locales-url', 'theme', 'position', 'persist', 'start-open', 'suggested-prompts'] as const;

const camel = (name: string) => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

// A server (server rendering in Node) has no DOM: there the class extends a bare stand-in and is
// never registered, as Lit's elements do, so importing this module in a page's code is safe; the
// browser's copy of the module registers the real element.
const ElementBase: typeof HTMLElement = globalThis.HTMLElement ?? (class {} as unknown as typeof HTMLElement);

export class AgentChatElement extends ElementBase {
  #api: AgentChatApi | null = null;

  get api(): AgentChatApi | null {
    return this.#api;
  }

  connectedCallback(): void {
    const attributes = Object.fromEntries(ATTRIBUTES.filter((name) => this.hasAttribute(name)).map((name) => [camel(name), this.getAttribute(name) ?? '']));
    try {
      this.#api = mount(this, configFromAttributes(attributes));
    } catch (error) {
      // Like the script tag: one clear console error, nothing rendered.
      console.error(error instanceof Error ? error.message : error);
    }
  }

  disconnectedCallback(): void {
    this.#api?.destroy();
    this.#api = null;
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('agent-chat')) customElements.define('agent-chat', AgentChatElement);

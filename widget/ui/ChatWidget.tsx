// The whole widget: launcher, panel and the live region that announces new messages once.
// The panel's code is not in the page load: it comes with the conversation's (chatting.ts) when the
// visitor shows an intent to open it (pointer over or focus on the launcher) or opens it, which
// most page views never do. The panel shows
// once both its code and the conversation (`state`) are here.
import { Component, type FunctionComponent, createRef, h } from 'preact';
import { computed } from '@preact/signals';
import type { ChatState } from '../chat/model';
import type { Ui, WidgetActions, WidgetView } from './context';
import { ChatIcon, CloseIcon } from './icons';
import type { PanelProps } from './Panel';
import type { Strings } from '../i18n/strings';
import { adoptStyles } from './styles';

type PanelComponent = FunctionComponent<PanelProps>;
type PanelModule = Pick<typeof import('./Panel'), 'Panel' | 'panelCss' | 'spokenText'>;

export interface ChatWidgetProps {
  /** The conversation's state; until its code has arrived, null (the panel waits for it). */
  state: ChatState | null;
  view: WidgetView;
  actions: WidgetActions;
  strings: Strings;
  /** A language tag: the panel's language and direction, and how times read. */
  locale: string;
  title: string;
  theme: 'light' | 'dark' | 'auto';
  position: 'left' | 'right';
  /** The visitor may attach files. */
  attach?: boolean;
  /** Starter prompts, shown in the panel until the visitor writes. */
  suggestedPrompts?: string[];
  /** Fetches the panel's code; by default with the conversation's, as one file (chatting.ts). */
  loadPanel?: () => Promise<PanelModule>;
  /** Called when the panel's code could not be fetched; the next intent to open tries again. */
  onPanelError?: (error: unknown) => void;
}

export class ChatWidget extends Component<ChatWidgetProps, { Panel: PanelComponent | null }> {
  override state = { Panel: null };
  private loading: Promise<unknown> | null = null;
  private launcher = createRef<HTMLButtonElement>();
  private input = createRef<HTMLTextAreaElement>();
  // One stable object, so that no message re-renders because the panel opened or closed.
  private ui: Ui = {
    strings: this.props.strings,
    actions: this.props.actions,
    // A timestamp from the network may be out of Date's range: then no time, rather than a throw.
    time: ((format) => (at: number) => (Number.isNaN(new Date(at).getTime()) ? '' : format.format(at)))(
      new Intl.DateTimeFormat(this.props.locale, { hour: 'numeric', minute: '2-digit' }),
    ),
    duration: (seconds) => {
      const unit = seconds < 60 ? 'second' : 'minute';
      return new Intl.NumberFormat(this.props.locale, { style: 'unit', unit, unitDisplay: 'long' }).format(Math.max(1, Math.round(unit === 'second' ? seconds : seconds / 60)));
    },
    size: (bytes) => {
      const power = bytes < 1e3 ? 0 : bytes < 1e6 ? 1 : 2;
      return new Intl.NumberFormat(this.props.locale, { style: 'unit', unit: ['byte', 'kilobyte', 'megabyte'][power]!, maximumFractionDigits: 1 }).format(bytes / 1e3 ** power);
    },
    attach: !!this.props.attach,
    announce: (text) => {
      // Emptied first, so that the same words said twice are announced twice.
      const { announcement } = this.props.view;
      announcement.value = { words: '' };
      setTimeout(() => (announcement.value = { words: text }), 100);
    },
  };

  /** Until the panel's code brings the Markdown reader, a message is said as written. */
  private speak = (markdown: string) => markdown;
  private spoken = computed(() => {
    const said = this.props.view.announcement.value;
    return 'words' in said ? said.words : `${said.author}: ${this.speak(said.markdown)}`;
  });

  private loadPanel = () => {
    this.loading ??= (this.props.loadPanel ?? (() => import('../chatting')))().then(
      ({ Panel, panelCss, spokenText }) => {
        const root = this.launcher.current?.getRootNode();
        if (!root) return; // destroyed while the code was on its way
        // mount() renders into a shadow root; a host page rendering <ChatWidget> styles it itself.
        if (root instanceof ShadowRoot) adoptStyles(root, panelCss);
        this.speak = spokenText;
        this.setState({ Panel });
      },
      (error: unknown) => {
        this.loading = null;
        this.props.onPanelError?.(error);
      },
    );
  };

  /** A visitor about to open the panel: its code and the conversation's start on their way. */
  private prepare = () => {
    this.loadPanel();
    this.props.actions.prepare();
  };

  override componentDidMount() {
    // Focus follows the panel: into the composer when it opens, back to the launcher when it
    // closes with focus inside (after the re-render: on a phone the launcher is hidden while open).
    let first = true;
    this.componentWillUnmount = this.props.view.open.subscribe((open) => {
      if (open) this.loadPanel(); // once here, its composer takes focus as it mounts
      if (first) return void (first = false); // the initial state (startOpen) takes no focus
      const focusInside = !!(this.launcher.current?.getRootNode() as ShadowRoot | undefined)?.activeElement;
      requestAnimationFrame(() => {
        if (open) this.input.current?.focus();
        else if (focusInside) this.launcher.current?.focus();
      });
    });
  }

  override render({ state, view, title, theme, position, locale, suggestedPrompts = [] }: ChatWidgetProps, { Panel }: { Panel: PanelComponent | null }) {
    const { ui } = this;
    const open = view.open.value;
    // Opened, but the panel's code or the conversation's is still on its way.
    const waiting = open && !(Panel && state);
    return (
      // The theme picks the stylesheet's color-scheme; "auto" follows the visitor's system.
      // "open" (a full-screen panel on a phone, its launcher hidden) once there is a panel.
      <div class={`root ${theme} ${position}${open && !waiting ? ' open' : ''}`}>
        {Panel && state && <Panel state={state} view={view} ui={ui} title={title} input={this.input} locale={locale} suggestedPrompts={suggestedPrompts} />}
        <button
          ref={this.launcher}
          type="button"
          class="launcher"
          part="launcher"
          aria-label={ui.strings.openChat}
          aria-expanded={open}
          aria-busy={waiting || undefined}
          onClick={open ? ui.actions.close : ui.actions.open}
          onPointerEnter={this.prepare}
          onFocus={this.prepare}
        >
          {open ? <CloseIcon /> : <ChatIcon />}
        </button>
        {/* A signal: a new announcement rewrites this text node and renders nothing else. */}
        <div class="sr" aria-live="polite" aria-atomic="true">{this.spoken}</div>
      </div>
    );
  }
}

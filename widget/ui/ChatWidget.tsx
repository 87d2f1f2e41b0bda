// The whole widget: launcher, panel and the live region that announces new messages once.
import { useMemo, useRef } from 'preact/hooks';
import type { ChatState } from '../chat/model';
import { type WidgetActions, WidgetCtx, type WidgetView } from './context';
import { ChatIcon, CloseIcon } from './icons';
import { Panel } from './Panel';
import type { Strings } from './strings';

export interface ChatWidgetProps {
  state: ChatState;
  view: WidgetView;
  actions: WidgetActions;
  strings: Strings;
  title: string;
  theme: 'light' | 'dark' | 'auto';
  position: 'left' | 'right';
}

export function ChatWidget({ state, view, actions, strings, title, theme, position }: ChatWidgetProps) {
  const launcher = useRef<HTMLButtonElement>(null);
  const open = view.open.value;
  // Stable, so that opening the panel or a new announcement does not re-render every message.
  const context = useMemo(
    () => ({
      strings,
      actions: {
        ...actions,
        close() {
          actions.close();
          // Escape or the close button hands focus back to where the visitor started (after the
          // re-render: on a phone the launcher is hidden while the panel is open).
          requestAnimationFrame(() => launcher.current?.focus());
        },
      },
    }),
    [actions, strings],
  );
  return (
    <WidgetCtx.Provider value={context}>
      <div class={`root theme-${theme} position-${position}${open ? ' is-open' : ''}`}>
        <Panel state={state} view={view} title={title} />
        <button
          ref={launcher}
          type="button"
          class="launcher"
          part="launcher"
          aria-label={strings.openChat}
          aria-expanded={open}
          onClick={() => (open ? context.actions.close() : actions.open())}
        >
          {open ? <CloseIcon /> : <ChatIcon />}
        </button>
        <Announcer view={view} />
      </div>
    </WidgetCtx.Provider>
  );
}

function Announcer({ view }: { view: WidgetView }) {
  return <div class="sr-only" aria-live="polite" aria-atomic="true">{view.announcement.value}</div>;
}

// The whole widget: launcher, panel and the live region that announces new messages once.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChatState } from '../chat/model';
import { type WidgetActions, WidgetCtx, type WidgetView } from './context';
import { ChatIcon, CloseIcon } from './icons';
import { useValue } from './hooks';
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

/** Whether the dark palette applies: always, never, or following the visitor's system setting. */
function useDark(theme: ChatWidgetProps['theme']): boolean {
  const query = useMemo(() => (theme === 'auto' ? matchMedia('(prefers-color-scheme: dark)') : null), [theme]);
  const [systemDark, setSystemDark] = useState(query?.matches ?? false);
  useEffect(() => {
    const onChange = () => setSystemDark(query!.matches);
    query?.addEventListener('change', onChange);
    return () => query?.removeEventListener('change', onChange);
  }, [query]);
  return theme === 'dark' || (theme === 'auto' && systemDark);
}

export function ChatWidget({ state, view, actions, strings, title, theme, position }: ChatWidgetProps) {
  const launcher = useRef<HTMLButtonElement>(null);
  const open = useValue(view.open);
  const dark = useDark(theme);
  // Stable, so that opening the panel or a new announcement does not re-render every message.
  const context = useMemo(
    () => ({
      strings,
      actions: {
        ...actions,
        close() {
          actions.close();
          // Escape or the close button hands focus back to the launcher (after the re-render:
          // on a phone the launcher is hidden while the panel is open).
          requestAnimationFrame(() => launcher.current?.focus());
        },
      },
    }),
    [actions, strings],
  );
  return (
    <WidgetCtx.Provider value={context}>
      <div class={`root${dark ? ' dark' : ''}${position === 'left' ? ' left' : ''}${open ? ' open' : ''}`}>
        <Panel state={state} view={view} title={title} />
        <button
          ref={launcher}
          type="button"
          class="launcher"
          part="launcher"
          aria-label={strings.openChat}
          aria-expanded={open}
          onClick={open ? context.actions.close : actions.open}
        >
          {open ? <CloseIcon /> : <ChatIcon />}
        </button>
        <Announcer view={view} />
      </div>
    </WidgetCtx.Provider>
  );
}

function Announcer({ view }: { view: WidgetView }) {
  return <div class="sr" aria-live="polite" aria-atomic="true">{useValue(view.announcement)}</div>;
}

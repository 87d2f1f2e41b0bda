// The chat panel: a non-modal dialog with header, transcript, indicators and composer.
import { useEffect, useRef } from 'preact/hooks';
import type { ChatState } from '../chat/model';
import { Composer } from './Composer';
import { type WidgetView, useWidget } from './context';
import { useValue } from './hooks';
import { MinimizeIcon } from './icons';
import { StatusLine } from './StatusLine';
import { Transcript } from './Transcript';

export function Panel({ state, view, title }: { state: ChatState; view: WidgetView; title: string }) {
  const { actions, strings } = useWidget();
  const input = useRef<HTMLTextAreaElement | null>(null);
  const open = useValue(view.open);
  const name = useValue(state.counterpart)?.name;
  const closed = useValue(state.closed);

  useEffect(() => {
    // Opening moves focus to the composer, so the visitor can type at once.
    if (open) input.current?.focus();
  }, [open]);

  return (
    <section
      class="panel"
      role="dialog"
      aria-labelledby="agent-chat-title"
      hidden={!open}
      part="panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') actions.close();
      }}
    >
      <header class="header" part="header">
        <div class="avatar" aria-hidden="true">{(name || title)[0]}</div>
        <div class="heading">
          <h2 id="agent-chat-title">{title}</h2>
          <p>{name ? `${name} · ${strings.poweredBy}` : strings.poweredBy}</p>
        </div>
        <button type="button" aria-label={strings.closeChat} onClick={actions.close}>
          <MinimizeIcon />
        </button>
      </header>
      <Transcript state={state} />
      <StatusLine state={state} />
      {closed ? (
        <div class="ended">
          {strings.conversationEnded}
          <button type="button" class="primary" onClick={actions.newConversation}>{strings.startNew}</button>
        </div>
      ) : (
        <Composer inputRef={input} />
      )}
    </section>
  );
}

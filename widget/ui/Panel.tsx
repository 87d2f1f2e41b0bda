// The chat panel: a non-modal dialog with header, transcript, indicators and composer.
import { useEffect, useRef } from 'preact/hooks';
import type { ChatState } from '../chat/model';
import { Composer } from './Composer';
import { type WidgetView, useWidget } from './context';
import { ChevronDownIcon } from './icons';
import { StatusLine } from './StatusLine';
import { Transcript } from './Transcript';

export function Panel({ state, view, title }: { state: ChatState; view: WidgetView; title: string }) {
  const { actions, strings } = useWidget();
  const input = useRef<HTMLTextAreaElement | null>(null);
  const open = view.open.value;
  const closed = state.closed.value;
  const counterpart = state.counterpart.value;

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
        if (e.key === 'Escape') {
          e.stopPropagation();
          actions.close();
        }
      }}
    >
      <header class="header" part="header">
        <div class="avatar" aria-hidden="true">{(counterpart?.name || title).slice(0, 1).toUpperCase()}</div>
        <div class="heading">
          <h2 id="agent-chat-title">{title}</h2>
          <p>{counterpart?.name ? `${counterpart.name} · ${strings.poweredBy}` : strings.poweredBy}</p>
        </div>
        <button type="button" class="icon-button" aria-label={strings.closeChat} onClick={actions.close}>
          <ChevronDownIcon />
        </button>
      </header>
      <Transcript state={state} />
      <StatusLine state={state} />
      {closed ? (
        <div class="ended">
          <p>{strings.conversationEnded}</p>
          <button type="button" class="primary" onClick={actions.newConversation}>{strings.startNew}</button>
        </div>
      ) : (
        <Composer inputRef={input} />
      )}
    </section>
  );
}

// The chat panel: a non-modal dialog with header, transcript, indicators and composer.
import { Fragment, type RefObject, h } from 'preact';
import type { ChatState } from '../chat/model';
import { Composer } from './Composer';
import type { Ui, WidgetView } from './context';
import { MinimizeIcon } from './panel-icons';
import { Menu } from './Menu';
import { StatusLine } from './StatusLine';
import { StopButton } from './StopButton';
import { SuggestedPrompts } from './SuggestedPrompts';
import { Transcript } from './Transcript';
import { isRtl } from '../i18n/strings';
import css from './panel.css?inline';

/** The panel's stylesheet travels with its code. */
export const panelCss: string = css;
export { spokenText } from './markdown/spoken';

export interface PanelProps {
  state: ChatState;
  view: WidgetView;
  ui: Ui;
  title: string;
  input: RefObject<HTMLTextAreaElement | null>;
  locale: string;
  suggestedPrompts: string[];
}

/** The composer (or the menu) that had focus is gone: the next step takes it, unless the visitor is elsewhere on the page. */
function takeFocusFromWidget(button: HTMLButtonElement | null) {
  const active = document.activeElement;
  if (button && (active === document.body || active === (button.getRootNode() as ShadowRoot).host)) button.focus();
}

export function Panel({ state, view, ui, title, input, locale, suggestedPrompts }: PanelProps) {
  const { actions, strings } = ui;
  const who = state.counterpart.value;
  const name = who?.name;
  return (
    <section
      class="panel"
      role="dialog"
      aria-labelledby="agent-chat-title"
      hidden={!view.open.value}
      part="panel"
      lang={locale}
      dir={isRtl(locale.split('-')[0]!) ? 'rtl' : 'ltr'}
      onKeyDown={(e) => e.key === 'Escape' && actions.close()}
      // Files dropped anywhere on the panel are attached (without preventDefault, the browser would open them).
      onDragOver={(e) => ui.attach && e.preventDefault()}
      onDrop={(e) => {
        if (!ui.attach) return;
        e.preventDefault();
        actions.attach([...e.dataTransfer!.files]);
      }}
    >
      <div class="header" part="header">
        <div class="avatar" aria-hidden="true">{(name || title)[0]}</div>
        <div class="heading">
          <h2 id="agent-chat-title">{title}</h2>
          {/* "AI agent" discloses the bot; a human agent after a hand-off is not one. */}
          <p>{[name, who?.role !== 'Agent' && strings.poweredBy].filter(Boolean).join(' · ')}</p>
        </div>
        {!state.closed.value && <Menu ui={ui} />}
        <button type="button" aria-label={strings.closeChat} onClick={actions.close}>
          <MinimizeIcon />
        </button>
      </div>
      <Transcript state={state} ui={ui} />
      <SuggestedPrompts prompts={suggestedPrompts} state={state} ui={ui} input={input} />
      <StatusLine state={state} ui={ui} />
      {state.closed.value ? (
        <div class="ended">
          {strings.conversationEnded}
          <button type="button" class="primary" ref={takeFocusFromWidget} onClick={actions.newConversation}>{strings.startNew}</button>
        </div>
      ) : (
        <>
          <StopButton state={state} ui={ui} input={input} />
          <Composer ui={ui} state={state} input={input} />
        </>
      )}
    </section>
  );
}

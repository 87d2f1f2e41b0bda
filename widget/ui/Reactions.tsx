// "Helpful" / "Not helpful" toggles under an answer. Pressing the chosen one again takes it back;
// after either, the visitor may say more, or skip. The chat reports the reaction once it settles.
import { Component, h } from 'preact';
import type { AgentItem, Reaction } from '../chat/model';
import type { Ui } from './context';
import { ThumbIcon } from './panel-icons';

export class Reactions extends Component<{ item: AgentItem; ui: Ui }, { thanked: boolean }> {
  override state = { thanked: false };

  override render({ item, ui: { strings, actions } }: { item: AgentItem; ui: Ui }, { thanked }: { thanked: boolean }) {
    const current = item.reaction.value;
    const toggle = (reaction: Reaction) => {
      actions.react(item.id, current === reaction ? null : reaction);
      this.setState({ thanked: false });
    };
    /** The form goes away: keep focus in the panel, on the choice it followed. */
    const settle = (form: HTMLFormElement, comment?: string) => {
      form.parentElement?.querySelector<HTMLElement>('[aria-pressed="true"]')?.focus();
      actions.settleReaction(comment);
      this.setState({ thanked: comment !== undefined });
    };
    const label = current === 'positive' ? strings.whatHelped : strings.whatWentWrong;
    return (
      <div class="react">
        <button type="button" aria-pressed={current === 'positive'} aria-label={strings.helpful} onClick={() => toggle('positive')}>
          <ThumbIcon />
        </button>
        <button type="button" class="down" aria-pressed={current === 'negative'} aria-label={strings.notHelpful} onClick={() => toggle('negative')}>
          <ThumbIcon />
        </button>
        {thanked && !item.commentOpen.value && <span role="status">{strings.thanks}</span>}
        {item.commentOpen.value && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const comment = new FormData(event.currentTarget).get('comment');
              settle(event.currentTarget, typeof comment === 'string' ? comment.trim() : '');
            }}
          >
            <input name="comment" aria-label={label} placeholder={label} maxLength={500} />
            <button type="submit">{strings.sendFeedback}</button>
            <button type="button" onClick={(event) => settle(event.currentTarget.form!)}>
              {strings.skip}
            </button>
          </form>
        )}
      </div>
    );
  }
}

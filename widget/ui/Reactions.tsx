// "Helpful" / "Not helpful" toggles under an answer. Pressing the chosen one again takes it back;
// after "Not helpful" the visitor may say what went wrong.
import { Component, h } from 'preact';
import type { AgentItem, Reaction } from '../chat/model';
import type { Ui } from './context';
import { ThumbIcon } from './panel-icons';

type Step = 'idle' | 'asking' | 'thanked';

export class Reactions extends Component<{ item: AgentItem; ui: Ui }, { step: Step }> {
  override state: { step: Step } = { step: 'idle' };

  override render({ item, ui: { strings, actions } }: { item: AgentItem; ui: Ui }, { step }: { step: Step }) {
    const current = item.reaction.value;
    const toggle = (reaction: Reaction) => {
      const next = current === reaction ? null : reaction;
      actions.react(item.id, next);
      this.setState({ step: next === 'negative' ? 'asking' : 'idle' });
    };
    return (
      <div class="react">
        <button type="button" aria-pressed={current === 'positive'} aria-label={strings.helpful} onClick={() => toggle('positive')}>
          <ThumbIcon />
        </button>
        <button type="button" class="down" aria-pressed={current === 'negative'} aria-label={strings.notHelpful} onClick={() => toggle('negative')}>
          <ThumbIcon />
        </button>
        {step === 'thanked' && <span role="status">{strings.thanks}</span>}
        {step === 'asking' && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const comment = new FormData(event.currentTarget).get('comment');
              if (typeof comment === 'string' && comment.trim()) actions.react(item.id, 'negative', comment.trim());
              // The form goes away: keep focus in the panel, on the choice it followed.
              event.currentTarget.parentElement?.querySelector<HTMLElement>('.down')?.focus();
              this.setState({ step: 'thanked' });
            }}
          >
            <input name="comment" aria-label={strings.whatWentWrong} placeholder={strings.whatWentWrong} maxLength={500} />
            <button type="submit">{strings.sendFeedback}</button>
          </form>
        )}
      </div>
    );
  }
}

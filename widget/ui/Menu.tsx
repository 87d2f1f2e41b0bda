// The panel's "More options" menu: a button that opens a one-item menu to end the conversation.
import { Component, createRef, h } from 'preact';
import type { Ui } from './context';
import { MoreIcon } from './panel-icons';

export class Menu extends Component<{ ui: Ui }, { open: boolean }> {
  override state = { open: false };
  private button = createRef<HTMLButtonElement>();
  private item = createRef<HTMLButtonElement>();

  /** Focus goes into the menu when it opens and back to its button when it closes (not lost with the item). */
  private toggle = (open: boolean) => this.setState({ open }, () => (open ? this.item : this.button).current?.focus());

  override render({ ui: { strings, actions } }: { ui: Ui }, { open }: { open: boolean }) {
    return (
      <div
        class="menu"
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !open) return;
          e.stopPropagation(); // Escape closes the menu, not the panel
          this.toggle(false);
        }}
        onFocusOut={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && this.setState({ open: false })}
      >
        <button ref={this.button} type="button" aria-label={strings.moreOptions} aria-haspopup="menu" aria-expanded={open} onClick={() => this.toggle(!open)}>
          <MoreIcon />
        </button>
        {open && (
          <div role="menu" aria-label={strings.moreOptions}>
            <button
              ref={this.item}
              type="button"
              role="menuitem"
              onClick={() => {
                this.toggle(false);
                actions.endSession();
              }}
            >
              {strings.endConversation}
            </button>
          </div>
        )}
      </div>
    );
  }
}

// The visitor's reactions to responses. A reaction shows at once but waits for an optional comment:
// it is reported (one notice, the comment in it) when the comment is sent or skipped, when the
// visitor reacts to another answer, or when the chat is left. Taking a reaction back is reported at
// once. Only a change from what was last reported is reported, so a reaction chosen and taken back
// before it settled reports nothing.
import type { AgentItem, Reaction } from './model';
import type { ChatNotice } from './notices';
import type { Session } from './session';

export interface Reactions {
  /** Shows (or with null takes back) a reaction; a chosen one waits for settle(). */
  choose(item: AgentItem, reaction: Reaction | null): void;
  /** Reports the waiting reaction, with the comment when there is one. */
  settle(comment?: string): void;
}

export function createReactions(session: Session, notify: (notice: ChatNotice) => void): Reactions {
  let waiting: AgentItem | null = null;

  function report(item: AgentItem, reaction: Reaction | null, comment: string | undefined) {
    if (reaction === session.reaction(item.id) && !comment) return;
    session.setReaction(item.id, reaction);
    notify({ type: 'reaction', item, reaction: reaction ?? 'unreact', ...(comment && { comment }) });
  }

  function settle(comment?: string) {
    const item = waiting;
    if (!item) return;
    waiting = null;
    item.commentOpen.value = false;
    report(item, item.reaction.value, comment?.trim() || undefined);
  }

  return {
    choose(item, reaction) {
      if (waiting && waiting !== item) settle();
      if (reaction === item.reaction.value) return;
      item.reaction.value = reaction;
      if (reaction) {
        waiting = item;
        item.commentOpen.value = true;
        return;
      }
      waiting = null;
      item.commentOpen.value = false;
      report(item, null, undefined);
    },
    settle,
  };
}

// Typing, progress and connection trouble: each a `status`, named by what it says.
import { Fragment, h } from 'preact';
import type { ChatState } from '../chat/model';
import type { Ui } from './context';
import { fill } from '../i18n/strings';

export function StatusLine({ state, ui: { strings } }: { state: ChatState; ui: Ui }) {
  const typing = state.typing.value;
  const progress = state.progress.value;
  const connection = state.connection.value;
  const trouble = connection === 'reconnecting' ? strings.reconnecting : connection === 'offline' ? strings.offline : '';
  const typingLabel = typing ? (typing.name ? fill(strings.isTyping, { name: typing.name }) : strings.someoneTyping) : '';
  return (
    <>
      {trouble && <div class="status banner" role="status" aria-label={trouble}>{trouble}</div>}
      {progress && (
        <div class="status" role="status" aria-label={progress}>
          <i class="spinner" />
          {progress}
        </div>
      )}
      {typingLabel && (
        <div class="status" role="status" aria-label={typingLabel}>
          <span class="dots"><i /><i /><i /></span>
          {/* What the live region says: screen readers announce its text, not its name. */}
          <span class="sr">{typingLabel}</span>
        </div>
      )}
    </>
  );
}

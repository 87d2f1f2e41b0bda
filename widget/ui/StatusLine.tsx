// Typing, progress and connection trouble: each a `status`, named by what it says.
import type { ChatState } from '../chat/model';
import { useWidget } from './context';
import { fill } from './strings';

export function StatusLine({ state }: { state: ChatState }) {
  const { strings } = useWidget();
  const typing = state.typing.value;
  const progress = state.progress.value;
  const connection = state.connection.value;
  const trouble = connection === 'reconnecting' ? strings.reconnecting : connection === 'offline' ? strings.offline : null;
  const typingLabel = typing && (typing.name ? fill(strings.isTyping, { name: typing.name }) : strings.someoneTyping);
  return (
    <>
      {trouble && <div class="banner" role="status" aria-label={trouble}>{trouble}</div>}
      {progress && (
        <div class="indicator" role="status" aria-label={progress}>
          <span class="spinner" aria-hidden="true" />
          <span>{progress}</span>
        </div>
      )}
      {typingLabel && (
        <div class="indicator" role="status" aria-label={typingLabel}>
          <span class="dots" aria-hidden="true"><i /><i /><i /></span>
          <span class="sr-only">{typingLabel}</span>
        </div>
      )}
    </>
  );
}

// Typing, progress and connection trouble: each a `status`, named by what it says.
import type { ChatState } from '../chat/model';
import { useWidget } from './context';
import { useValue } from './hooks';
import { fill } from './strings';

export function StatusLine({ state }: { state: ChatState }) {
  const { strings } = useWidget();
  const typing = useValue(state.typing);
  const progress = useValue(state.progress);
  const connection = useValue(state.connection);
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
        </div>
      )}
    </>
  );
}

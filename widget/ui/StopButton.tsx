// "Stop": shown only while a reply streams. The composer takes the focus back, since the button
// goes away as soon as the reply is final.
import { type RefObject, h } from 'preact';
import type { ChatState } from '../chat/model';
import type { Ui } from './context';

export function StopButton({ state, ui: { actions, strings }, input }: { state: ChatState; ui: Ui; input: RefObject<HTMLTextAreaElement | null> }) {
  if (!state.streaming.value) return null;
  return (
    <button
      type="button"
      class="stop"
      onClick={() => {
        actions.stop();
        input.current?.focus();
      }}
    >
      <i aria-hidden="true" />
      {strings.stop}
    </button>
  );
}

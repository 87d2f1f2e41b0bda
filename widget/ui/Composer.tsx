// The message box: Enter sends, Shift+Enter starts a new line, IME composition is respected.
import { useState } from 'preact/hooks';
import { useWidget } from './context';
import { SendIcon } from './icons';

const MAX_HEIGHT_PX = 140;

export function Composer({ inputRef }: { inputRef: { current: HTMLTextAreaElement | null } }) {
  const { actions, strings } = useWidget();
  const [text, setText] = useState('');

  function grow(area: HTMLTextAreaElement) {
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, MAX_HEIGHT_PX)}px`;
  }

  function submit(event?: Event) {
    event?.preventDefault();
    if (!text.trim()) return;
    actions.send(text);
    setText('');
    const area = inputRef.current;
    if (area) {
      area.value = '';
      grow(area);
      area.focus();
    }
  }

  return (
    <form class="composer" onSubmit={submit}>
      <textarea
        ref={inputRef}
        rows={1}
        aria-label={strings.message}
        placeholder={strings.placeholder}
        value={text}
        maxLength={4000}
        onInput={(e) => {
          setText(e.currentTarget.value);
          grow(e.currentTarget);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
        }}
      />
      <button type="submit" class="send" aria-label={strings.send} disabled={!text.trim()}>
        <SendIcon />
      </button>
    </form>
  );
}

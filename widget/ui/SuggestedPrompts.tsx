// Starter prompts: buttons shown until the visitor writes (again in each new conversation).
// Choosing one sends it as the visitor's message, tracked as a suggested prompt; the composer
// takes the focus the vanishing buttons had.
import { type RefObject, h } from 'preact';
import type { ChatState } from '../chat/model';
import type { Ui } from './context';

export interface SuggestedPromptsProps {
  prompts: string[];
  state: ChatState;
  ui: Ui;
  input: RefObject<HTMLTextAreaElement | null>;
}

export function SuggestedPrompts({ prompts, state, ui, input }: SuggestedPromptsProps) {
  if (!prompts.length || state.closed.value || state.items.value.some((item) => item.kind === 'visitor')) return null;
  return (
    <div class="suggested" role="group" aria-label={ui.strings.suggestedPrompts}>
      {prompts.map((prompt) => (
        <button
          type="button"
          key={prompt}
          onClick={() => {
            ui.actions.prompt(prompt);
            input.current?.focus();
          }}
        >
          {prompt}
        </button>
      ))}
    </div>
  );
}

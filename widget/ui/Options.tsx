// The choices a message offers; a click sends the option's title (and a carousel card's index).
import { h } from 'preact';
import type { Option } from '../protocol';
import type { Ui } from './context';

export function Options({ options, ui, cardIndex }: { options: Option[]; ui: Ui; cardIndex?: number }) {
  return (
    <div class="options">
      {options.map((option) => (
        <button type="button" key={option.id} onClick={() => ui.actions.choose(option, cardIndex)}>
          {option.title}
        </button>
      ))}
    </div>
  );
}

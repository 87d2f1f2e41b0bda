// A carousel of cards, one at a time: Previous/Next buttons (and the arrow keys on them) move through it.
// A card's option sends its title and the card's index.
import { Component, h } from 'preact';
import type { MessageContent } from '../protocol';
import type { Ui } from './context';
import { Markdown } from './Markdown';
import { safeHref } from './safe-url';
import { Options } from './Options';
import { fill } from '../i18n/strings';

type CarouselContent = Extract<MessageContent, { type: 'carousel' }>;

export class Carousel extends Component<{ content: CarouselContent; ui: Ui }, { index: number }> {
  override state = { index: 0 };

  private go = (step: number) => this.setState(({ index }) => ({ index: Math.min(this.props.content.cards.length - 1, Math.max(0, index + step)) }));

  override render({ content, ui }: { content: CarouselContent; ui: Ui }, { index }: { index: number }) {
    const { strings } = ui;
    const total = content.cards.length;
    return (
      <div
        class="carousel"
        role="region"
        aria-roledescription="carousel"
        aria-label={content.text || strings.slide}
      >
        {content.text && <div class="bubble" dir="auto"><Markdown text={content.text} ui={ui} /></div>}
        {content.cards.map((card, i) => {
          const src = card.image && safeHref(card.image.url);
          return (
            <div class="card" role="group" aria-roledescription="slide" aria-label={card.title} hidden={i !== index} key={i}>
              {src && /^https?:/.test(src) && <img src={src} alt={card.image!.alt} />}
              <strong>{card.title}</strong>
              {card.subtitle && <small>{card.subtitle}</small>}
              <Options options={card.options} ui={ui} cardIndex={i} />
            </div>
          );
        })}
        {total > 1 && (
          // Arrow keys act on the pager only, and its ends are aria-disabled rather than disabled:
          // either way focus would vanish with a hidden card or a disabled button.
          // Right to left, ArrowLeft moves forward.
          <div
            class="pager"
            onKeyDown={(e) => {
              const back = getComputedStyle(e.currentTarget).direction === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
              if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') this.go(e.key === back ? -1 : 1);
            }}
          >
            <button type="button" aria-label={strings.previous} aria-disabled={index === 0} onClick={() => this.go(-1)}>‹</button>
            <span aria-live="polite">{fill(strings.slide, { n: String(index + 1), total: String(total) })}</span>
            <button type="button" aria-label={strings.next} aria-disabled={index === total - 1} onClick={() => this.go(1)}>›</button>
          </div>
        )}
      </div>
    );
  }
}

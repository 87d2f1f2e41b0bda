// Markdown's block tokens as Preact nodes; a block of raw HTML shows as written.
import { type ComponentChildren, h } from 'preact';
import type { Token, Tokens } from 'marked';
import type { Ui } from '../context';
import { memo } from '../memo';
import { CodeBlock } from './CodeBlock';
import { decodeEntities } from './entities';
import { inlines } from './inlines';
import { Table } from './Table';

/** A list item's blocks. A loose list's text is in paragraphs; a task's checkbox is labelled by the text after it. */
function ListItem({ item, ui, top }: { item: Tokens.ListItem; ui: Ui; top: number }) {
  const [first, ...rest] = item.tokens;
  const checkbox = first?.type === 'checkbox' ? (first as Tokens.Checkbox) : null;
  const blocks = checkbox ? rest : item.tokens;
  const labelling = checkbox && (blocks[0]?.type === 'text' || blocks[0]?.type === 'paragraph') ? (blocks[0] as Tokens.Text) : null;
  const paragraph = (children: ComponentChildren) => (item.loose ? <p>{children}</p> : children);
  return (
    <li class={checkbox ? 'task' : undefined}>
      {checkbox &&
        paragraph(
          <label>
            <input type="checkbox" checked={checkbox.checked} disabled />
            {labelling && inlines(labelling.tokens)}
          </label>,
        )}
      {(labelling ? blocks.slice(1) : blocks).map((token) =>
        token.type === 'text' ? paragraph(inlines((token as Tokens.Text).tokens)) : <BlockView token={token} ui={ui} top={top} />,
      )}
    </li>
  );
}

interface BlockProps {
  token: Token;
  ui: Ui;
  /** The reply's highest heading depth (1 for #): it becomes an h3, the rest follow in order. */
  top: number;
}

/** The depth of the reply's highest heading, 1 if it has none. */
export function topHeading(tokens: Token[]): number {
  const depths = tokens.filter((token) => token.type === 'heading').map((token) => (token as Tokens.Heading).depth);
  return depths.length ? Math.min(...depths) : 1;
}

function BlockView({ token, ui, top }: BlockProps) {
  switch (token.type) {
    case 'paragraph':
      return <p>{inlines(token.tokens)}</p>;
    case 'heading': {
      // Still headings for assistive technology, below the panel's own title (an h2) and in order.
      const Heading = `h${Math.min(6, Math.max(3, (token as Tokens.Heading).depth - top + 3))}` as 'h3';
      return <Heading>{inlines(token.tokens)}</Heading>;
    }
    case 'code':
      return <CodeBlock code={token.text.replace(/\n$/, '')} lang={decodeEntities((token as Tokens.Code).lang ?? '').split(/\s/)[0]!} ui={ui} />;
    case 'blockquote':
      return <blockquote>{(token as Tokens.Blockquote).tokens.map((child) => <BlockView token={child} ui={ui} top={top} />)}</blockquote>;
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item) => <ListItem item={item} ui={ui} top={top} />);
      if (!list.ordered) return <ul>{items}</ul>;
      return <ol start={list.start === 1 || list.start === '' ? undefined : Number(list.start)}>{items}</ol>;
    }
    case 'table':
      return <Table token={token as Tokens.Table} ui={ui} />;
    case 'hr':
      return <hr />;
    case 'html': // a block of HTML is shown as written
      return <p>{token.text}</p>;
    case 'text':
      return <p>{token.tokens ? inlines(token.tokens) : decodeEntities(token.text)}</p>;
    case 'space':
    case 'def':
      return null;
    default:
      return <p>{token.raw}</p>;
  }
}

/** One top-level block, rendered again only when its token is a new one. */
export const Block = memo(BlockView);

// Renders parsed Markdown as DOM nodes. Blocks are memoised on their source text, so a streaming
// reply re-renders only its last, growing block.
import { Fragment, h } from 'preact';
import { memo } from './memo';
import { type Inline, parseBlock, splitBlocks } from './markdown';

function Inlines({ nodes }: { nodes: Inline[] }) {
  return (
    <>
      {nodes.map((node, i) => {
        if (typeof node === 'string') return node;
        switch (node.type) {
          case 'br':
            return <br key={i} />;
          case 'code':
            return <code key={i}>{node.text}</code>;
          case 'strong':
            return <strong key={i}><Inlines nodes={node.children} /></strong>;
          case 'em':
            return <em key={i}><Inlines nodes={node.children} /></em>;
          case 'link':
            return (
              <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
                <Inlines nodes={node.children} />
              </a>
            );
        }
      })}
    </>
  );
}

export const MarkdownBlock = memo(function MarkdownBlock({ source }: { source: string }) {
  const block = parseBlock(source);
  if (block.type === 'code') return <pre><code>{block.text}</code></pre>;
  if ('items' in block) {
    const items = block.items.map((item, i) => <li key={i}><Inlines nodes={item} /></li>);
    return block.type === 'ul' ? <ul>{items}</ul> : <ol>{items}</ol>;
  }
  const inlines = <Inlines nodes={block.children} />;
  // Headings inside a chat bubble are emphasis, not document structure.
  return <p>{block.type === 'h' ? <strong>{inlines}</strong> : inlines}</p>;
});

export function Markdown({ text }: { text: string }) {
  return (
    <div class="md">
      {splitBlocks(text).map((source, i) => <MarkdownBlock key={i} source={source} />)}
    </div>
  );
}

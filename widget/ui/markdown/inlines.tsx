// Inline Markdown tokens as Preact nodes. Text is always text: raw HTML shows as written, links keep
// to the safe schemes, images load only over http(s).
import { type ComponentChildren, Fragment, h } from 'preact';
import type { Token, Tokens } from 'marked';
import { safeHref, safeImageSrc } from '../safe-url';
import { decodeEntities } from './entities';

/** The text a screen reader or an image's alt should read for inline tokens. */
export function plainText(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((token) => ('tokens' in token && token.tokens ? plainText(token.tokens) : token.type === 'codespan' || token.type === 'escape' ? token.text : decodeEntities('text' in token ? token.text : '')))
    .join('');
}

function Link({ token }: { token: Tokens.Link }) {
  const href = safeHref(decodeEntities(token.href));
  const children = inlines(token.tokens);
  if (!href) return <>{children}</>; // an unsafe or relative target: the label, no link
  return (
    <a href={href} title={token.title ? decodeEntities(token.title) : undefined} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function Image({ token }: { token: Tokens.Image }) {
  const url = decodeEntities(token.href);
  const alt = plainText(token.tokens);
  const title = token.title ? decodeEntities(token.title) : undefined;
  const src = safeImageSrc(url);
  if (src) return <img src={src} alt={alt} title={title} />;
  const href = safeHref(url);
  return href ? <a href={href} title={title} target="_blank" rel="noopener noreferrer">{alt}</a> : <>{alt}</>;
}

export function inlines(tokens: Token[] | undefined): ComponentChildren[] {
  return (tokens ?? []).map((token) => {
    switch (token.type) {
      case 'text':
        // Spaces around a soft line break are not content.
        return token.tokens ? inlines(token.tokens) : decodeEntities(token.text.replace(/[ \t]*\n[ \t]*/g, '\n'));
      case 'escape':
      case 'html': // shown as written
        return token.text;
      case 'codespan':
        return <code>{token.text}</code>;
      case 'strong':
        return <strong>{inlines(token.tokens)}</strong>;
      case 'em':
        return <em>{inlines(token.tokens)}</em>;
      case 'del':
        return <del>{inlines(token.tokens)}</del>;
      case 'br':
        return <br />;
      case 'link':
        return <Link token={token as Tokens.Link} />;
      case 'image':
        return <Image token={token as Tokens.Image} />;
      default:
        return 'text' in token ? token.text : token.raw;
    }
  });
}


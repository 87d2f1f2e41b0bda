// Which URLs from the network the widget will put in an attribute. Relative URLs are refused: they
// would resolve against the host page, which the agent knows nothing about.

function absolute(raw: string, schemes: RegExp): string | null {
  try {
    const url = new URL(raw.trim());
    return schemes.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** The URL if it is absolute and of a safe scheme, else null (the link then renders as text). */
export const safeHref = (raw: string): string | null => absolute(raw, /^(https?|mailto|tel):$/);

/** An image source: http(s) only. */
export const safeImageSrc = (raw: string): string | null => absolute(raw, /^https?:$/);

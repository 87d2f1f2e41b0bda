// Inline SVG icons, built as elements (never from markup strings). All decorative. The launcher's
// two are here; the panel's are in panel-icons.tsx, which travels with the panel's code.
import { h } from 'preact';

export const icon = (d: string) => () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d={d} />
  </svg>
);

export const ChatIcon = icon('M12 3c5 0 9 3.6 9 8s-4 8-9 8c-1 0-2-.1-3-.4L4 20l1.3-3.8C3.8 14.8 3 13 3 11c0-4.4 4-8 9-8Z');
export const CloseIcon = icon('m6 5 6 6 6-6 1 1-6 6 6 6-1 1-6-6-6 6-1-1 6-6-6-6Z');

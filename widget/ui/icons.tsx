// Inline SVG icons, built as elements (never from markup strings). All decorative.
const icon = (d: string) => () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d={d} />
  </svg>
);

export const ChatIcon = icon('M12 3C6.9 3 3 6.6 3 11c0 2.2 1 4.2 2.6 5.6-.2 1.4-.9 2.7-1.9 3.6-.2.2 0 .6.3.6 2 0 3.7-.7 5-1.7 1 .3 2 .4 3 .4 5.1 0 9-3.6 9-8s-3.9-8.5-9-8.5Z');
export const CloseIcon = icon('M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4Z');
export const MinimizeIcon = icon('M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6Z');
export const SendIcon = icon('M3.4 20.4 21 12 3.4 3.6v6.5L15 12 3.4 13.9Z');

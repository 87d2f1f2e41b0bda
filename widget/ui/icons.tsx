// Inline SVG icons, built as elements (never from markup strings). All decorative.
const svgProps = { viewBox: '0 0 24 24', width: 24, height: 24, 'aria-hidden': true as const, focusable: 'false' as const };

export const ChatIcon = () => (
  <svg {...svgProps}>
    <path fill="currentColor" d="M12 3C6.9 3 3 6.6 3 11c0 2.2 1 4.2 2.6 5.6-.2 1.4-.9 2.7-1.9 3.6-.2.2 0 .6.3.6 2 0 3.7-.7 5-1.7 1 .3 2 .4 3 .4 5.1 0 9-3.6 9-8s-3.9-8.5-9-8.5Z" />
  </svg>
);

export const ChevronDownIcon = () => (
  <svg {...svgProps}>
    <path fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" d="m6 9 6 6 6-6" />
  </svg>
);

export const CloseIcon = () => (
  <svg {...svgProps}>
    <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M6 6l12 12M18 6 6 18" />
  </svg>
);

export const SendIcon = () => (
  <svg {...svgProps}>
    <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6l-.01 6.53L15 12l-11.61 1.87z" />
  </svg>
);

export const LinkIcon = () => (
  <svg {...svgProps}>
    <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1" />
  </svg>
);

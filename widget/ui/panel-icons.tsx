// The panel's icons (see icons.tsx).
import { icon } from './icons';

export const MinimizeIcon = icon('m7 9 5 5 5-5 1 1-6 6-6-6Z');
export const SendIcon = icon('M3 20 21 12 3 4v6l12 2-12 2Z');
export const MoreIcon = icon('M6 10a2 2 0 1 1 0 4 2 2 0 0 1 0-4Zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4Zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4Z');
/** Thumbs up; flipped by CSS for thumbs down. */
export const ThumbIcon = icon('M2 21h4V10H2Zm20-9a2 2 0 0 0-2-2h-6.3l1-4.6-1.5-1.9L8 8.8V21h9.2a2 2 0 0 0 1.8-1.2l3-7Z');
export const AttachIcon = icon('M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6Z');

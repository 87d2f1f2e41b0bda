// The script tag's widget, an ES module fetched by the loader (embed.ts) from beside itself. It
// only re-exports: the loader decides when to mount.
export { mount } from './api';
export { configFromAttributes } from './config';

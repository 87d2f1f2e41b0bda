// Stylesheets are adopted as constructable stylesheets: no <style> element, so a strict CSP
// without 'unsafe-inline' allows them, and nothing leaks out of the shadow root.

/** Adds a stylesheet to a shadow root, after the ones it has. */
export function adoptStyles(root: ShadowRoot, css: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

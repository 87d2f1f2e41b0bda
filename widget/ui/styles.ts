// The stylesheet is adopted as a constructable stylesheet: no <style> element, so a strict CSP
// without 'unsafe-inline' allows it, and nothing leaks out of the shadow root.
import css from './styles.css?inline';

/** Applies the widget's stylesheet to a shadow root. */
export function adoptStyles(root: ShadowRoot): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

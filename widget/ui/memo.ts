// A shallow-props memo for function components (preact/compat's, without pulling in compat).
import { type Component, type FunctionComponent, h } from 'preact';

function shallowDiffers(a: object, b: object): boolean {
  for (const key in a) if (!(key in b)) return true;
  for (const key in b) if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return true;
  return false;
}

export function memo<P extends object>(render: FunctionComponent<P>): FunctionComponent<P> {
  function Memoed(this: Component<P>, props: P) {
    this.shouldComponentUpdate = (next: P) => shallowDiffers(this.props, next);
    return h(render as FunctionComponent<object>, props);
  }
  return Memoed;
}

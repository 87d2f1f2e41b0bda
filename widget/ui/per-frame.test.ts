import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { perFrame } from './per-frame';

describe('perFrame', () => {
  let frames: Map<number, FrameRequestCallback>;
  const runFrame = () => {
    const due = [...frames.values()];
    frames.clear();
    for (const callback of due) callback(0);
  };

  beforeEach(() => {
    frames = new Map();
    let next = 1;
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => (frames.set(next, callback), next++));
    vi.stubGlobal('cancelAnimationFrame', (handle: number) => frames.delete(handle));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts at the source value and takes its latest value once per frame', () => {
    const text = signal('a');
    const shown = perFrame(text);
    expect(shown.value.value).toBe('a');
    expect(frames.size).toBe(0);
    text.value = 'ab';
    text.value = 'abc';
    text.value = 'abcd';
    expect(shown.value.value).toBe('a');
    expect(frames.size).toBe(1);
    runFrame();
    expect(shown.value.value).toBe('abcd');
    expect(frames.size).toBe(0);
    text.value = 'abcde';
    runFrame();
    expect(shown.value.value).toBe('abcde');
    shown.dispose();
  });

  it('stops following once disposed, its pending frame cancelled', () => {
    const text = signal('a');
    const shown = perFrame(text);
    text.value = 'ab';
    shown.dispose();
    expect(frames.size).toBe(0);
    text.value = 'abc';
    expect(frames.size).toBe(0);
    expect(shown.value.value).toBe('a');
  });
});

import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RENDER_GAP_MS, perFrame } from './per-frame';

describe('perFrame', () => {
  let frames: Map<number, FrameRequestCallback>;
  /** Runs the frame due at `time` (ms), as the browser does: with that time. */
  const runFrame = (time: number) => {
    const due = [...frames.values()];
    frames.clear();
    for (const callback of due) callback(time);
  };

  beforeEach(() => {
    frames = new Map();
    let next = 1;
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => (frames.set(next, callback), next++));
    vi.stubGlobal('cancelAnimationFrame', (handle: number) => frames.delete(handle));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts at the source value and takes its latest value at the next frame', () => {
    const text = signal('a');
    const shown = perFrame(text);
    expect(shown.value.value).toBe('a');
    expect(frames.size).toBe(0);
    text.value = 'ab';
    text.value = 'abc';
    text.value = 'abcd';
    expect(shown.value.value).toBe('a');
    expect(frames.size).toBe(1);
    runFrame(1000);
    expect(shown.value.value).toBe('abcd');
    expect(frames.size).toBe(0);
    shown.dispose();
  });

  it(`takes a new value at most every ${RENDER_GAP_MS} ms, at the first frame after that`, () => {
    const text = signal('a');
    const shown = perFrame(text);
    text.value = 'ab';
    runFrame(1000);
    text.value = 'abc';
    for (let time = 1016; time < 1000 + RENDER_GAP_MS; time += 16) {
      runFrame(time);
      expect(shown.value.value).toBe('ab');
      expect(frames.size).toBe(1); // waiting on, frame by frame
    }
    text.value = 'abcd';
    runFrame(1000 + RENDER_GAP_MS);
    expect(shown.value.value).toBe('abcd');
    expect(frames.size).toBe(0);
    // After a quiet spell, the next change shows at the next frame.
    text.value = 'abcde';
    runFrame(2000);
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

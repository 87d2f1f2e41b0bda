import { describe, expect, it } from 'vitest';
import { createFakeTimers } from './testing/fake-timers';
import { createDeadline } from './deadline';

describe('createDeadline', () => {
  it('expires once, the given time after the last touch, with one timer however often it is touched', () => {
    const timers = createFakeTimers();
    let expired = 0;
    const deadline = createDeadline(timers, 1000, () => expired++);
    deadline.touch();
    for (let i = 0; i < 9; i++) {
      timers.advance(100);
      deadline.touch();
      expect(timers.pending()).toBe(1);
    }
    timers.advance(999); // 1,899 ms after the first touch, 999 after the last
    expect(expired).toBe(0);
    timers.advance(1);
    expect(expired).toBe(1);
    expect(timers.pending()).toBe(0);
    timers.advance(10_000);
    expect(expired).toBe(1);
  });

  it('can be touched again once expired, and cleared', () => {
    const timers = createFakeTimers();
    let expired = 0;
    const deadline = createDeadline(timers, 1000, () => expired++);
    deadline.touch();
    timers.advance(1000);
    deadline.touch();
    timers.advance(1000);
    expect(expired).toBe(2);
    deadline.touch();
    timers.advance(500);
    deadline.clear();
    timers.advance(10_000);
    expect(expired).toBe(2);
    expect(timers.pending()).toBe(0);
  });
});

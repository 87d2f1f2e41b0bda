import { describe, expect, it } from 'vitest';
import type { EphemeralEvent } from './hub';
import { createMemoryHub } from './memory-hub';

/** An event of exactly `bytes` bytes, name included, whose data starts with `n`. */
const token = (n: number, bytes: number): EphemeralEvent => ({ name: 'T', data: `${n}`.padEnd(bytes - 1, '.'), after: 0 });
const numbers = (events: EphemeralEvent[]) => events.map((e) => Number.parseInt(e.data, 10));

describe('the in-process hub keeps a bounded number of bytes', () => {
  it('keeps at most the per-conversation bytes, dropping the oldest events first', async () => {
    const hub = createMemoryHub({ maxBytes: 1_000_000, maxBytesPerConversation: 1000 });
    for (let n = 1; n <= 10; n++) await hub.publish('a', token(n, 300));
    expect(numbers(await hub.ephemeralSince('a', 0))).toEqual([8, 9, 10]);
  });

  it('keeps at most the overall bytes across conversations, dropping the oldest events first', async () => {
    const hub = createMemoryHub({ maxBytes: 3000, maxBytesPerConversation: 2000 });
    for (let n = 1; n <= 12; n++) await hub.publish(n % 2 ? 'odd' : 'even', token(n, 500));
    // The six newest fit, whichever conversation they belong to.
    expect(numbers(await hub.ephemeralSince('odd', 0))).toEqual([7, 9, 11]);
    expect(numbers(await hub.ephemeralSince('even', 0))).toEqual([8, 10, 12]);
    await hub.publish('third', token(13, 1500));
    expect(numbers(await hub.ephemeralSince('odd', 0))).toEqual([11]);
    expect(numbers(await hub.ephemeralSince('even', 0))).toEqual([10, 12]);
    expect(numbers(await hub.ephemeralSince('third', 0))).toEqual([13]);
  });

  it('holds the bound however many conversations write: 1,000 conversations × 100 tokens of 600 bytes', async () => {
    const hub = createMemoryHub({ maxBytes: 2 * 1024 * 1024, maxBytesPerConversation: 32 * 1024 });
    let kept = 0;
    for (let c = 0; c < 1000; c++) for (let n = 0; n < 100; n++) await hub.publish(`c${c}`, token(n, 600));
    for (let c = 0; c < 1000; c++) kept += (await hub.ephemeralSince(`c${c}`, 0)).length * 600;
    expect(kept).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(kept).toBeGreaterThan(2 * 1024 * 1024 - 600);
  });

  it('does not keep an event larger than the per-conversation bound', async () => {
    const hub = createMemoryHub({ maxBytes: 10_000, maxBytesPerConversation: 1000 });
    await hub.publish('a', token(1, 300));
    await hub.publish('a', token(2, 5000));
    expect(numbers(await hub.ephemeralSince('a', 0))).toEqual([1]);
  });
});

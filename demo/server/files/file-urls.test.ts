import { describe, expect, it } from 'vitest';
import { createFileUrls } from './file-urls';

const parts = (url: string) => {
  const { searchParams } = new URL(url);
  return { f: searchParams.get('f')!, e: searchParams.get('e'), s: searchParams.get('s') };
};

describe('signed file URLs', () => {
  let now = 1_700_000_000_000;
  const urls = createFileUrls(Buffer.from('secret'), { publicUrl: 'https://chat.example/base/', ttlMs: 60_000, clock: () => now });
  const file = { id: 'f1', conversationId: 'c1' };

  it('open the file they were signed for, until they expire', () => {
    const url = urls.sign(file);
    expect(url).toMatch(/^https:\/\/chat\.example\/base\/api\/files\/get\?f=f1&e=\d+&s=[\w-]{43}$/);
    const { e, s } = parts(url);
    expect(urls.refusal(file, e, s)).toBeNull();
    now += 59_000;
    expect(urls.refusal(file, e, s)).toBeNull();
    now += 2_000;
    expect(urls.refusal(file, e, s)).toBe('The file URL has expired: the conversation gives a fresh one.');
  });

  it('open no other file, nor the same id in another conversation, nor a later expiry, nor another key\'s', () => {
    const { e, s } = parts(urls.sign(file));
    expect(urls.refusal({ id: 'f2', conversationId: 'c1' }, e, s)).toBe('The file URL is not valid for this file.');
    expect(urls.refusal({ id: 'f1', conversationId: 'c2' }, e, s)).toBe('The file URL is not valid for this file.');
    expect(urls.refusal(file, String(Number(e) + 3600), s)).toBe('The file URL is not valid for this file.');
    const other = createFileUrls(Buffer.from('another secret'), { publicUrl: 'https://chat.example/', ttlMs: 60_000, clock: () => now });
    expect(other.refusal(file, e, s)).toBe('The file URL is not valid for this file.');
    expect(urls.refusal(file, null, s)).toBe('The file URL is incomplete: use the URL the gateway gave.');
    expect(urls.refusal(file, '12x', s)).toBe('The file URL is incomplete: use the URL the gateway gave.');
  });
});

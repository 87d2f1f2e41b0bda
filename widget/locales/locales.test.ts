import { describe, expect, it } from 'vitest';
import { EN_STRINGS, LOCALE_CODES } from '../i18n/strings';
import { LOCALES } from './index';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('built-in locales', () => {
  it('are the ones the widget offers', () => {
    expect(Object.keys(LOCALES).sort()).toEqual([...LOCALE_CODES].sort());
  });

  for (const [code, strings] of Object.entries(LOCALES)) {
    it(`${code}: every key of English, no other, each with English's placeholders, none empty`, () => {
      expect(Object.keys(strings).sort()).toEqual(Object.keys(EN_STRINGS).sort());
      for (const [key, english] of Object.entries(EN_STRINGS)) {
        const text = strings[key as keyof typeof EN_STRINGS];
        expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(english) });
        expect(text.trim()).not.toBe('');
      }
    });
  }
});

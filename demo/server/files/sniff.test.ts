import { describe, expect, it } from 'vitest';
import { sniffFile } from './sniff';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF');
const GIF = bytes('GIF89a', [1, 0, 1, 0]);
const WEBP = bytes('RIFF', [36, 0, 0, 0], 'WEBPVP8 ');
const PDF = bytes('%PDF-1.7\n%âãÏÓ\n');

describe('sniffFile', () => {
  it('tells each allowed kind by its bytes, whatever the name says or omits', () => {
    expect(sniffFile(PNG, 'chart.png')).toEqual({ ok: true, type: 'png' });
    expect(sniffFile(PNG, 'chart')).toEqual({ ok: true, type: 'png' });
    expect(sniffFile(JPEG, 'photo.JPG')).toEqual({ ok: true, type: 'jpeg' });
    expect(sniffFile(GIF, 'x.gif')).toEqual({ ok: true, type: 'gif' });
    expect(sniffFile(WEBP, 'x.webp')).toEqual({ ok: true, type: 'webp' });
    expect(sniffFile(PDF, 'report.pdf')).toEqual({ ok: true, type: 'pdf' });
    expect(sniffFile(Buffer.from('region,total\nnorth,12\n'), 'data.csv')).toEqual({ ok: true, type: 'csv' });
    expect(sniffFile(Buffer.from('Ünïcödé notes\r\n\ttabbed'), 'notes.txt')).toEqual({ ok: true, type: 'txt' });
    expect(sniffFile(Buffer.from('plain words'), 'README')).toEqual({ ok: true, type: 'txt' });
  });

  it('refuses markup as text, whatever it is called: a .png that is really HTML, SVG, XML, a BOM before them', () => {
    for (const [content, name] of [
      ['<!DOCTYPE html><script>alert(1)</script>', 'chart.png'],
      ['  <html><body>hi</body></html>', 'notes.txt'],
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'logo.svg'],
      ['<?xml version="1.0"?><svg/>', 'data.csv'],
      ['\ufeff\n<script>x</script>', 'x.csv'],
    ]) {
      const sniffed = sniffFile(Buffer.from(content!), name!);
      expect(sniffed.ok, name).toBe(false);
    }
    expect(sniffFile(Buffer.from('<html>'), 'chart.png')).toEqual({
      ok: false, message: 'chart.png is not a file type the chat accepts (PNG, JPEG, WebP, GIF, PDF, CSV or plain text, told by its content).',
    });
  });

  it('refuses binary kinds it does not allow, text that is not UTF-8 or has control bytes, and a name that claims another kind', () => {
    expect(sniffFile(bytes('PK', [3, 4, 20, 0]), 'sheet.xlsx').ok).toBe(false);
    expect(sniffFile(bytes('MZ', [0x90, 0, 3]), 'setup.exe').ok).toBe(false);
    expect(sniffFile(bytes([0xc3, 0x28, 0x41]), 'bad.txt').ok).toBe(false);
    expect(sniffFile(bytes('a,b', [0], 'c'), 'nul.csv').ok).toBe(false);
    expect(sniffFile(Buffer.from('just text'), 'photo.png')).toEqual({ ok: false, message: 'photo.png is named .png but its content is text.' });
    expect(sniffFile(PDF, 'chart.png')).toEqual({ ok: false, message: 'chart.png is named .png but its content is PDF.' });
  });
});

// Uploads over HTTP against a real gateway (SQLite): what is accepted, served, carried by
// messages, exported and relayed, and every refusal.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestGateway, chat, messagesOn, startConversation, startGateway, startRelayGateway, uploadFile as upload } from '../testing/test-support';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const CSV = Buffer.from('region,total\nnorth,12\nsouth,30\n');
const KEY = 'files-export-key';

/** The gateway's answer to a file URL (signed with the default public address), asked of this gateway. */
const open = (gw: TestGateway, url: string) => {
  const { pathname, search } = new URL(url);
  return fetch(`${gw.url}${pathname}${search}`);
};

describe('POST /api/files and the files a message carries', () => {
  let now = Date.now();
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      clock: () => now, exportApiKeys: [KEY],
      files: { maxBytes: 1000, perConversation: { files: 4, bytes: 2000 }, urlTtlMs: 60 * 60_000 },
    });
  });
  afterAll(() => gw.close());

  it('stores a CSV and a PNG told by their bytes and serves them signed: the image inline, the CSV as a download, never sniffed', async () => {
    const { token } = await startConversation(gw);
    const csv = await upload(gw, token, CSV, 'data.csv', 'text/csv');
    expect(csv).toMatchObject({ status: 201, body: { name: 'data.csv', type: 'csv', size: CSV.length } });
    expect(Object.keys(csv.body).sort()).toEqual(['id', 'name', 'size', 'type', 'url']);
    const png = await upload(gw, token, PNG, 'my chart.png', 'image/png');
    expect(png).toMatchObject({ status: 201, body: { name: 'my chart.png', type: 'png', size: PNG.length } });

    const served = await open(gw, png.body['url']);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''my%20chart.png");
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const document = await open(gw, csv.body['url']);
    expect(await document.text()).toBe(CSV.toString());
    expect(document.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(document.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''data.csv");
  });

  it('carries attachments on a message (files only allowed), echoes them with fresh URLs and lists them in the export', async () => {
    const { id, token } = await startConversation(gw);
    const csv = (await upload(gw, token, CSV, 'data.csv')).body;
    const png = (await upload(gw, token, PNG, 'chart.png')).body;
    const attachments = [csv, png].map(({ id: fileId, name, type, size }) => ({ id: fileId, name, type, size }));
    const sent = await chat(gw, { platformConversationId: id, eventType: 'message', text: 'Summarise these', messageId: 'm-files', attachments }, token);
    expect(sent.status).toBe(200);
    const filesOnly = await chat(gw, { platformConversationId: id, eventType: 'message', messageId: 'm-only', attachments: attachments.slice(0, 1) }, token);
    expect(filesOnly.status).toBe(200);

    now += 30 * 60_000; // half the URLs' life later, a reconnect gets URLs that work an hour from now
    const echoed = (await messagesOn(gw, token)).filter((p) => p.id === 'm-files' || p.id === 'm-only');
    expect(echoed.map((p) => [p.id, p.abstractMessage.staticContent.text])).toEqual([['m-files', 'Summarise these'], ['m-only', '']]);
    const replayed = echoed[0].abstractMessage.attachments;
    expect(replayed.map(({ url: _url, ...a }: Record<string, unknown>) => a)).toEqual(attachments);
    now += 45 * 60_000; // the upload's own URL has expired; the replayed one has not
    expect((await open(gw, csv['url'])).status).toBe(403);
    expect((await open(gw, replayed[0].url)).status).toBe(200);

    const exported = await fetch(`${gw.url}/conversations/export/v1/messages?start_time=0&end_time=${Math.ceil(now / 1000) + 60}&bot_name=support-bot&conversation_id=${id}`, { headers: { 'x-api-key': KEY } });
    const records = ((await exported.json()) as { data: Record<string, any>[] }).data.filter((r) => r['type'] === 'UserInput');
    expect(records.map((r) => [r['_id'], r['userInput'], r['attachments'].map((a: Record<string, unknown>) => a['name'])])).toEqual([
      ['m-files', 'Summarise these', ['data.csv', 'chart.png']],
      ['m-only', '', ['data.csv']],
    ]);
    expect((await open(gw, records[0]!['attachments'][1].url)).status).toBe(200);
  });

  it('refuses an upload without the conversation token or with another one (401)', async () => {
    expect(await upload(gw, null, CSV, 'data.csv')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const { token } = await startConversation(gw);
    expect((await upload(gw, `${token.slice(0, -2)}xx`, CSV, 'data.csv')).status).toBe(401);
  });

  it('refuses a file over the size limit (413), a .png that is really HTML and an SVG (415), a nameless one (400)', async () => {
    const { token } = await startConversation(gw);
    expect(await upload(gw, token, Buffer.alloc(1001, 'a'), 'big.txt')).toEqual({
      status: 413, body: { error: { code: 'file_too_large', message: 'The file is over the 1000-byte limit.' } },
    });
    const html = await upload(gw, token, Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), 'chart.png', 'image/png');
    expect(html).toMatchObject({ status: 415, body: { error: { code: 'unsupported_file_type' } } });
    expect(html.body['error'].message).toContain('chart.png is not a file type the chat accepts');
    expect((await upload(gw, token, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.svg', 'image/svg+xml')).status).toBe(415);
    expect((await upload(gw, token, CSV, '')).status).toBe(400);
  });

  it("keeps each conversation within its quota of files and bytes (413 quota_exceeded)", async () => {
    const { token } = await startConversation(gw);
    for (let i = 0; i < 4; i++) expect((await upload(gw, token, CSV, `d${i}.csv`)).status).toBe(201);
    expect(await upload(gw, token, CSV, 'd4.csv')).toMatchObject({ status: 413, body: { error: { code: 'quota_exceeded' } } });
    const other = await startConversation(gw);
    expect((await upload(gw, other.token, Buffer.alloc(1000, 'a'), 'a.txt')).status).toBe(201);
    expect((await upload(gw, other.token, Buffer.alloc(1000, 'b'), 'b.txt')).status).toBe(201);
    expect((await upload(gw, other.token, Buffer.from('c'), 'c.txt')).status).toBe(413); // 2001 bytes
  });

  it("refuses a message naming another conversation's file or an unknown one (400), and a URL edited to open another file (403)", async () => {
    const mine = await startConversation(gw);
    const theirs = await startConversation(gw);
    const their = (await upload(gw, theirs.token, PNG, 'private.png')).body;
    const own = (await upload(gw, mine.token, CSV, 'data.csv')).body;
    const send = (attachments: unknown) => chat(gw, { platformConversationId: mine.id, eventType: 'message', text: 'look', attachments }, mine.token);
    expect(await send([{ id: their['id'], name: 'private.png', type: 'png', size: PNG.length }])).toMatchObject({
      status: 400,
      body: { error: { code: 'unknown_attachment', message: `attachments[0].id "${their['id']}" is not a file of this conversation: upload it with POST /api/files first.` } },
    });
    expect((await send([{ id: 'no-such-file', name: 'x.png', type: 'png', size: 1 }])).status).toBe(400);
    expect((await send([{ id: own['id'], name: 'data.csv', type: 'csv' }])).body['error'].message).toBe("attachments[0].size must be the file's size in bytes.");
    expect((await send('data.csv')).status).toBe(400);
    expect((await messagesOn(gw, mine.token)).filter((p) => p.abstractMessage.staticContent?.text === 'look')).toEqual([]);

    const forged = new URL(own['url']);
    forged.searchParams.set('f', their['id']);
    const refused = await open(gw, forged.href);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: 'forbidden', message: 'The file URL is not valid for this file.' } });
    expect((await open(gw, own['url'].replace(/s=[^&]+/, 's=AAAA'))).status).toBe(403);
  });

  it('stores nothing of an upload cut halfway', async () => {
    const cut = await startGateway({ files: { perConversation: { files: 1, bytes: 10_000 } } });
    try {
      const { token } = await startConversation(cut);
      const { port } = new URL(cut.url);
      await new Promise<void>((resolve) => {
        const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/api/files', headers: { Authorization: `Bearer ${token}`, 'X-File-Name': 'half.csv', 'Content-Length': String(CSV.length * 2) } });
        req.on('error', () => resolve());
        req.write(CSV, () => setTimeout(() => {
          req.destroy();
          resolve();
        }, 100));
      });
      // The one file this conversation may have is still to come.
      expect((await upload(cut, token, CSV, 'whole.csv')).status).toBe(201);
    } finally {
      await cut.close();
    }
  });
});

describe('a webhook agent', () => {
  it('receives the files of a message with signed URLs it can open', async () => {
    const relay = await startRelayGateway('files-hook-secret');
    try {
      const { id, token } = await startConversation(relay.gw);
      const png = (await upload(relay.gw, token, PNG, 'chart.png')).body;
      await chat(relay.gw, { platformConversationId: id, eventType: 'message', text: 'see chart', messageId: 'm1', attachments: [{ id: png['id'], name: 'x', type: 'y', size: 1 }] }, token);
      const relayed = relay.upstream.calls.find((c) => c.body['eventType'] === 'message')!.body;
      expect(relayed['attachments']).toEqual([{ id: png['id'], name: 'chart.png', type: 'png', size: PNG.length, url: expect.stringMatching(/^http:\/\/localhost:8787\/api\/files\/get\?f=/) }]);
      expect((await open(relay.gw, relayed['attachments'][0].url)).status).toBe(200);
    } finally {
      await relay.close();
    }
  });
});

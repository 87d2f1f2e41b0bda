// npm run export -- --api-base URL --bot NAME --from DATE --to DATE --out FILE
//                   [--format jsonl|csv] [--what conversations|messages]
// The API key comes from AGENT_CHAT_API_KEY, never from the command line (shell history, ps).
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { type ExportJob, ExportError, runExport } from './exporter';

function fail(message: string): never {
  console.error(`export: ${message}`);
  process.exit(2);
}

function seconds(value: string | undefined, flag: string): number {
  if (!value) fail(`--${flag} is required (a date like 2025-01-31 or 2025-01-31T12:00:00Z).`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) fail(`--${flag} ${JSON.stringify(value)} is not a date (try 2025-01-31 or 2025-01-31T12:00:00Z).`);
  return Math.floor(ms / 1000);
}

function jobFromArgs(): ExportJob {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'api-base': { type: 'string' }, bot: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
        out: { type: 'string' }, format: { type: 'string', default: 'jsonl' }, what: { type: 'string', default: 'conversations' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  const apiKey = process.env['AGENT_CHAT_API_KEY'];
  if (!apiKey) fail('set AGENT_CHAT_API_KEY to an export API key.');
  if (!values['api-base'] || !/^https?:\/\//.test(values['api-base'])) fail('--api-base must be the gateway URL (http:// or https://).');
  if (!values.bot) fail('--bot is required (the agent id).');
  if (!values.out) fail('--out is required (the file to write).');
  if (values.format !== 'jsonl' && values.format !== 'csv') fail('--format must be jsonl or csv.');
  if (values.what !== 'conversations' && values.what !== 'messages') fail('--what must be conversations or messages.');
  const from = seconds(values.from, 'from');
  const to = seconds(values.to, 'to');
  if (to <= from) fail('--to must be after --from.');
  return { apiBase: values['api-base'], apiKey, bot: values.bot, from, to, out: values.out, format: values.format, what: values.what };
}

async function main() {
  const job = jobFromArgs();
  const started = Date.now();
  const bar = new SingleBar({
    format: ' {bar} {value} {what} | {rate} records/s | {pages} pages',
    barsize: 24,
    hideCursor: true,
  });
  bar.start(1000, 0, { what: job.what, rate: 0, pages: 0 });
  try {
    const summary = await runExport(job, {
      onPage({ records, pages }) {
        const rate = Math.round(records / Math.max(0.001, (Date.now() - started) / 1000));
        // The total is unknown until the last page: keep the bar one page ahead.
        bar.setTotal(records + 1000);
        bar.update(records, { rate, pages });
      },
    });
    bar.setTotal(summary.records || 1);
    bar.update(summary.records);
    bar.stop();
    const secs = (Date.now() - started) / 1000;
    console.log(
      `Exported ${summary.records.toLocaleString('en')} ${job.what} in ${summary.pages} page${summary.pages === 1 ? '' : 's'} to ${job.out}` +
        ` (${secs.toFixed(1)} s, ${Math.round(summary.records / Math.max(secs, 0.001)).toLocaleString('en')} records/s${summary.resumed ? ', resumed' : ''}).`,
    );
  } catch (error) {
    bar.stop();
    if (error instanceof ExportError) fail(error.resumable ? `${error.message} Run the same command again to resume.` : error.message);
    throw error;
  }
}

void main();

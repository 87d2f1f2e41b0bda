// npm run export -- --api-base URL --bot NAME --from DATE --to DATE --out FILE
//                   [--format jsonl|csv] [--what conversations|messages] [--conversation ID] [--per-page N]
// The API key comes from AGENT_CHAT_API_KEY, never from the command line (shell history, ps).
import { SingleBar } from 'cli-progress';
import { UsageError, jobFromArgs } from './args';
import { ExportError, runExport } from './exporter';

function fail(message: string): never {
  console.error(`export: ${message}`);
  process.exit(2);
}

async function main() {
  let job;
  try {
    job = jobFromArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
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

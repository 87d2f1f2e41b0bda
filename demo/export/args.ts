// The export command's arguments, checked: a job to run, or one message saying what to fix.
import { parseArgs } from 'node:util';
import type { ExportJob } from './exporter';

export class UsageError extends Error {
  override name = 'UsageError';
}

function seconds(value: string | undefined, flag: string): number {
  if (!value) throw new UsageError(`--${flag} is required (a date like 2025-01-31 or 2025-01-31T12:00:00Z).`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--${flag} ${JSON.stringify(value)} is not a date (try 2025-01-31 or 2025-01-31T12:00:00Z).`);
  return Math.floor(ms / 1000);
}

/** `args` without node and the script; the API key comes from the environment, never the command line. */
export function jobFromArgs(args: string[], env: Readonly<Record<string, string | undefined>>): ExportJob {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'api-base': { type: 'string' }, bot: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
        out: { type: 'string' }, format: { type: 'string', default: 'jsonl' }, what: { type: 'string', default: 'conversations' },
        conversation: { type: 'string' }, 'per-page': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const apiKey = env['AGENT_CHAT_API_KEY'];
  if (!apiKey) throw new UsageError('set AGENT_CHAT_API_KEY to an export API key.');
  if (!values['api-base'] || !/^https?:\/\//.test(values['api-base'])) throw new UsageError('--api-base must be the gateway URL (http:// or https://).');
  if (!values.bot) throw new UsageError('--bot is required (the agent id).');
  if (!values.out) throw new UsageError('--out is required (the file to write).');
  if (values.format !== 'jsonl' && values.format !== 'csv') throw new UsageError('--format must be jsonl or csv.');
  if (values.what !== 'conversations' && values.what !== 'messages') throw new UsageError('--what must be conversations or messages.');
  if (values.conversation !== undefined && values.what !== 'messages') throw new UsageError('--conversation filters messages only: add --what messages.');
  const perPageText = values['per-page'];
  const perPage = perPageText === undefined ? undefined : /^\d{1,4}$/.test(perPageText) ? Number(perPageText) : NaN;
  if (perPage !== undefined && !(perPage >= 1 && perPage <= 1000)) throw new UsageError(`--per-page must be a whole number from 1 to 1000; got ${JSON.stringify(perPageText)}.`);
  const from = seconds(values.from, 'from');
  const to = seconds(values.to, 'to');
  if (to <= from) throw new UsageError('--to must be after --from.');
  return {
    apiBase: values['api-base'], apiKey, bot: values.bot, from, to, out: values.out, format: values.format, what: values.what,
    ...(values.conversation !== undefined && { conversationId: values.conversation }),
    ...(perPage !== undefined && { perPage }),
  };
}

// The reporting window the owner-facing APIs (export, analytics) take: start_time and end_time,
// Unix times in whole seconds, with a 400 naming the parameter that is missing or malformed.
import { HttpError } from './errors';

function seconds(params: URLSearchParams, name: string): number {
  const raw = params.get(name);
  if (raw === null) throw new HttpError(400, 'invalid_parameter', `${name} is required (Unix time in seconds).`);
  if (!/^\d{1,12}$/.test(raw)) throw new HttpError(400, 'invalid_parameter', `${name} must be a Unix time in whole seconds; got ${JSON.stringify(raw)}.`);
  return Number(raw);
}

/** start_time and end_time, in seconds; end_time after start_time. */
export function timeWindow(params: URLSearchParams): { start: number; end: number } {
  const start = seconds(params, 'start_time');
  const end = seconds(params, 'end_time');
  if (end <= start) throw new HttpError(400, 'invalid_parameter', 'end_time must be after start_time.');
  return { start, end };
}

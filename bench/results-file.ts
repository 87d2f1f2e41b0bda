// Where every benchmark leaves its figures: bench/results/<name>.json, committed, with the machine
// they were taken on. The README's figures are generated from these files (bench/report.ts).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Results } from './figures';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  node: string;
  /** The 1-minute load average as the benchmark started: above zero, other work shared the cores. */
  loadAverage: number;
  browser?: string;
}

/** Call before the benchmark does its own work, so the load average is other processes'. */
export function describeMachine(): Machine {
  const [first] = cpus();
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: first ? first.model.trim() : 'unknown',
    cores: cpus().length,
    node: process.version,
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  };
}

/** Timed results carry their `machine`; sizes need none. */
export function writeResults(name: string, figures: object): void {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(figures, null, 2)}\n`);
}

/** Every results file, for the README's figures. */
export function readAllResults(): Results[] {
  return readdirSync('bench/results')
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ name: file.slice(0, -'.json'.length), file: `bench/results/${file}`, json: JSON.parse(readFileSync(`bench/results/${file}`, 'utf8')) as unknown }));
}

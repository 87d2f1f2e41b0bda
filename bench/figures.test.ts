import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changedBlocks, renderFigures, writeFigures } from './figures';
import { readAllResults } from './results-file';

describe("the README's benchmark figures", () => {
  it('are the ones in bench/results (run `tsx bench/report.ts` after a benchmark)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const written = writeFigures(readme, readAllResults());
    expect(changedBlocks(readme, written), 'README blocks that differ from bench/results').toEqual([]);
    expect(written).toBe(readme);
  });
});

const gateway = {
  machine: { date: '2026-01-02', cpu: 'Test CPU', cores: 2, node: 'v20.0.0', loadAverage: 0.1 },
  connections: 11000, openSeconds: 1.7, rssIdleMb: 98, rssWithStreamsMb: 242, kbPerConnection: 14.2,
  fanoutSubscribers: 1000, fanoutDeliveries: 20000, fanoutP50Ms: 9, fanoutP99Ms: 18.8,
  chatApiRequestsPerSecond: 14586, chatApiP99Ms: 9, chatApiErrors: 0,
};
const results = { name: 'gateway', file: 'bench/results/gateway.json', json: gateway };

describe('writeFigures', () => {
  it('rewrites only the text between a block’s markers', () => {
    const readme = 'intro\n<!-- bench:gateway (generated) -->\nold figures\n<!-- /bench:gateway -->\noutro\n';
    const written = writeFigures(readme, [results]);
    expect(written.startsWith('intro\n<!-- bench:gateway (generated) -->\nTaken on 2026-01-02: Test CPU, 2 cores, Node v20.0.0; load average 0.1 as it started (a quiet machine).\n')).toBe(true);
    expect(written).toContain('| open SSE connections held by one process | **11,000** (opened in 1.7 s) |');
    expect(written).toContain('| fan-out of one message to 1,000 subscribers of a conversation | p50 9.0 ms, p99 18.8 ms (20,000 deliveries) |');
    expect(written.endsWith('\n<!-- /bench:gateway -->\noutro\n')).toBe(true);
    expect(changedBlocks(readme, written)).toEqual(['gateway']);
    expect(writeFigures(written, [results])).toBe(written);
  });

  it('says a shared machine is a shared machine', () => {
    const shared = { ...results, json: { ...gateway, machine: { ...gateway.machine, loadAverage: 3.04 } } };
    expect(renderFigures(shared)).toContain('load average 3.0 as it started: a shared machine, other work ran on the same cores, so timings are noisy.');
  });

  it('refuses a results file without a block, and a block without a results file', () => {
    expect(() => writeFigures('no blocks here\n', [results])).toThrow('the README has no block for bench/results/gateway.json');
    expect(() => writeFigures('<!-- bench:startup -->\nx\n<!-- /bench:startup -->\n', [])).toThrow('bench/results/startup.json does not exist');
  });

  it('writes the memory figures with the bound, and says where figures not measured here come from', () => {
    const memory = { conversations: 2000, replies: 6000, seconds: 324, idleMb: 99, rssMb: 215, peakRssMb: 258, boundMb: 300 };
    const measured = renderFigures({ name: 'memory', file: 'bench/results/memory.json', json: { machine: gateway.machine, ...memory } });
    expect(measured).toContain('Taken on 2026-01-02: Test CPU');
    expect(measured).toContain('| RSS after the run | **215 MB** (99 MB idle); bound 300 MB: met |');
    expect(measured).toContain('| peak RSS during the run | 258 MB |');
    const over = renderFigures({ name: 'memory', file: 'bench/results/memory.json', json: { machine: gateway.machine, ...memory, rssMb: 301 } });
    expect(over).toContain('bound 300 MB: **not met**');
    const carried = renderFigures({ name: 'memory', file: 'bench/results/memory.json', json: { carriedOver: 'From another run.', ...memory } });
    expect(carried.split('\n')[0]).toBe('From another run.');
    expect(() => renderFigures({ name: 'memory', file: 'bench/results/memory.json', json: memory })).toThrow('bench/results/memory.json: carriedOver is missing');
  });

  it('names the file and the field of a broken results file', () => {
    const { fanoutP99Ms: _, ...withoutP99 } = gateway;
    expect(() => renderFigures({ ...results, json: withoutP99 })).toThrow('bench/results/gateway.json: fanoutP99Ms is missing');
    expect(() => renderFigures({ ...results, json: { ...gateway, openSeconds: '1.7' } })).toThrow('bench/results/gateway.json: openSeconds is not a number');
    expect(() => renderFigures({ ...results, json: { ...gateway, machine: null } })).toThrow(/^bench\/results\/gateway.json: machine\.\w+ is missing$/);
    expect(() => renderFigures({ name: 'typo', file: 'bench/results/typo.json', json: {} })).toThrow('no README figures are written for "typo"');
  });
});

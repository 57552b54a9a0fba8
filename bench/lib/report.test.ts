import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mergeReports, type Results } from './report.ts';
import type { FigureRecord } from './stats.ts';

const figure = (id: string, median: number): FigureRecord => ({
  id,
  name: id,
  unit: 'ms',
  issue: '#17',
  n: 1,
  median,
  budget: 'info',
  method: 'test',
});

describe('mergeReports (a partial --only run)', () => {
  it('replaces figures with the same id, appends new ones, keeps the rest and the header, and stamps the run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wgb-report-'));
    try {
      mkdirSync(join(root, 'bench'));
      mkdirSync(join(root, 'docs'));
      const previous: Results = {
        generatedAt: '2026-01-01T00:00:00.000Z',
        mode: 'full',
        network: 'loopback',
        durationSec: 600,
        loadAverage: { start: 1, end: 1 },
        machine: { nproc: 2, cpuModel: 'x', memoryGb: 1, os: 'linux', node: '20', chromium: 'c', jssip: '3' },
        figures: [figure('kept', 1), figure('replaced', 2)],
      };
      writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(previous));
      await mergeReports(root, [figure('replaced', 20), figure('added', 30)], {
        at: '2026-02-02T00:00:00.000Z',
        durationSec: 90,
        load: '1 → 2',
        mode: 'quick',
      });
      const merged = JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8')) as Results;
      assert.equal(merged.generatedAt, previous.generatedAt);
      assert.deepEqual(
        merged.figures.map((f) => [f.id, f.median]),
        [
          ['kept', 1],
          ['replaced', 20],
          ['added', 30],
        ],
      );
      assert.match(merged.figures[1]?.notes ?? '', /separate quick run at 2026-02-02/);
      assert.equal(merged.figures[0]?.notes, undefined);
      assert.match(readFileSync(join(root, 'docs', 'benchmarks.md'), 'utf8'), /\| added +\| 30 ms +\|/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

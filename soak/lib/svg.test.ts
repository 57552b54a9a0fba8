import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BROWSER_NETWORK_ERROR } from './probes.ts';
import { lineChart, timelineChart } from './svg.ts';
import { parseArgs } from '../run.ts';

describe('soak charts (plain SVG)', () => {
  it('draws one polyline per series, scaled into the frame', () => {
    const svg = lineChart(
      'Memory',
      'MB',
      [
        {
          name: 'heap',
          color: '#000',
          points: [
            [0, 10],
            [1, 20],
          ],
        },
      ],
      1,
    );
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal(svg.match(/<polyline /g)?.length, 1);
    assert.match(svg, /points="60\.0,[\d.]+ 700\.0,[\d.]+"/);
  });

  it('draws fault windows as bars and calls as dots, escaping labels', () => {
    const svg = timelineChart(
      'Outcomes',
      ['faults', 'calls'],
      [
        { at: 0.5, width: 0.1, row: 0, color: '#777', label: 'kamailio <restart>' },
        { at: 1, row: 1, color: '#0a0', label: 'call 0' },
      ],
      2,
      [],
    );
    assert.equal(svg.match(/<rect x="[\d.]+" y="[\d.]+" width/g)?.length, 1);
    assert.equal(svg.match(/<circle /g)?.length, 1);
    assert.match(svg, /kamailio &lt;restart&gt;/);
  });
});

describe('soak command line and console classification', () => {
  it('parses --seed, --minutes, --calls (default 5 a minute) and --faults', () => {
    assert.deepEqual(parseArgs([]), { seed: 1, minutes: 3, calls: 15 });
    assert.deepEqual(parseArgs(['--seed=9', '--minutes=60', '--calls=300', '--faults=40']), {
      seed: 9,
      minutes: 60,
      calls: 300,
      faults: 40,
    });
    assert.throws(() => parseArgs(['--minutes=0']), /--minutes must be a positive number/);
  });

  it('tells Chromium’s failed-connection lines from the app’s errors', () => {
    assert.ok(BROWSER_NETWORK_ERROR.test("WebSocket connection to 'wss://127.0.0.1:8000/relay' failed: Error"));
    assert.ok(!BROWSER_NETWORK_ERROR.test('[phone] invalid call transition: hangup in ended'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPONENTS, type Component, type WindowUse } from './cpu-meter.ts';
import { perUnit } from './report.ts';

function use(values: Partial<Record<Component, [cpu: number, pss: number]>>): WindowUse {
  const components = Object.fromEntries(
    COMPONENTS.map((c) => [c, { cpuPercent: values[c]?.[0] ?? 0, pssMb: values[c]?.[1] ?? 0 }]),
  ) as WindowUse['components'];
  return { seconds: 30, components, machineCpuPercent: 0 };
}

describe('perUnit (CPU and memory per 1,000 agents or per 100 calls, above idle)', () => {
  const idle = use({ nginx: [1, 10], kamailio: [2, 100] });
  const table = [
    {
      name: '2,000 agents per 1,000',
      load: use({ nginx: [21, 50], kamailio: [42, 300] }),
      units: 2000,
      per: 1000,
      nginx: [10, 20],
      kamailio: [20, 100],
    },
    {
      name: '50 calls per 100',
      load: use({ nginx: [1, 10], kamailio: [7, 110] }),
      units: 50,
      per: 100,
      nginx: [0, 0],
      kamailio: [10, 20],
    },
    { name: 'no load at all (no division by zero)', load: idle, units: 0, per: 1000, nginx: [0, 0], kamailio: [0, 0] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const per = perUnit(row.load, idle, row.units, row.per);
      assert.deepEqual([per.nginx.cpuPercent, per.nginx.pssMb], row.nginx);
      assert.deepEqual([per.kamailio.cpuPercent, per.kamailio.pssMb], row.kamailio);
    });
  }
});

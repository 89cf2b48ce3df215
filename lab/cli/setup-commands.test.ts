import { describe, expect, it } from 'vitest';
import type { CheckItem } from '../../applier/doctor/check-item.js';
import { renderDoctor } from './setup-commands.js';

const items: CheckItem[] = [
  { id: 'node', title: 'Node.js ≥ 22', ok: true, detail: 'v24.22.3', neededBy: ['applier'] },
  {
    id: 'tool.socat',
    title: 'socat (echo services)',
    ok: false,
    detail: 'no `socat` on PATH',
    fix: 'apt-get install -y socat',
    packages: ['socat'],
    neededBy: ['netns'],
  },
  {
    id: 'kernel.netem',
    title: 'kernel: netem',
    ok: false,
    detail: 'not in this kernel',
    fix: 'modprobe sch_netem',
    neededBy: [],
  },
];

describe('the doctor table', () => {
  it('prints ok, missing or absent per item, the fix of each missing one, then each runtime', () => {
    expect(renderDoctor(items, { docker: true, netns: false }).split('\n')).toEqual([
      'ok       Node.js ≥ 22           v24.22.3',
      'missing  socat (echo services)  no `socat` on PATH  → apt-get install -y socat',
      'absent   kernel: netem          not in this kernel  → modprobe sch_netem',
      '',
      'docker runtime: can run',
      'netns runtime: cannot run',
      'absent = optional; some features need it',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { ISP1, ISP2, ISP6, makeConfig } from '../test-support/fixtures/configs.js';
import { TestNamespace } from '../test-support/test-namespace.js';
import { nftTableFor } from './nftables.js';

const REPLACE_WHOLE = 'table inet multihome {}\ndelete table inet multihome\n';

describe('nftTableFor against the real nft', () => {
  it('loads atomically (create-delete-create) for v4, v6, shared interfaces and any mask', async () => {
    await using scratch = await TestNamespace.create('nft');
    const configs = [
      makeConfig({ lan: ['lan0'] }),
      makeConfig({ uplinks: [ISP1, ISP2, ISP6], lan: ['lan0', 'lan1'], markMask: 0xff00 }),
      makeConfig({ uplinks: [{ ...ISP6, mark: 0x80000000 }], lan: ['lan0'], markMask: 0xffffffff }),
    ];
    for (const config of configs) {
      const table = nftTableFor(config);
      expect(table).not.toBeNull();
      await scratch.must(['nft', '-c', '-f', '-'], `${REPLACE_WHOLE}${table?.text}`);
      await scratch.must(['nft', '-f', '-'], `${REPLACE_WHOLE}${table?.text}`);
      const listed = await scratch.must(['nft', 'list', 'table', 'inet', 'multihome']);
      expect(listed).toContain(`comment "${table?.digest}"`);
    }
  });
});

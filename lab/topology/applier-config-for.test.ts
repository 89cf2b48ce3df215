import { describe, expect, it } from 'vitest';
import { parseConfigSyntax } from '../../applier/config/parse-config.js';
import { defaultTopology } from './default-topology.js';
import { applierConfigFor } from './graph.js';

describe('applierConfigFor against the applier loader', () => {
  it('produces a config the applier accepts, for both families and each alone', () => {
    const article = defaultTopology();
    const both = parseConfigSyntax(applierConfigFor(article), 'lab.yaml');
    expect(both.uplinks.map((uplink) => [uplink.name, uplink.family])).toEqual([
      ['isp1', 4],
      ['isp1-v6', 6],
      ['isp2', 4],
      ['isp2-v6', 6],
      ['isp3', 4],
      ['isp3-v6', 6],
    ]);
    expect(both.defaults).toEqual({ 4: 'isp1', 6: 'isp1-v6' });
    expect(both.lan).toEqual(['eth2']);
    expect(parseConfigSyntax(applierConfigFor(article, { families: [6] }), 'v6.yaml').defaults).toEqual({
      6: 'isp1-v6',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, exitCodeFor } from '../../applier/errors.js';
import { defaultTopology } from './default-topology.js';
import { parseConfigForRouter, routerHostFacts } from './router-config.js';

const article = defaultTopology();
const config = (iface: string, lan = 'eth2') =>
  `uplinks:\n  - name: isp1\n    interface: ${iface}\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\ndefault: isp1\nlan: [${lan}]\n`;

describe('parseConfigForRouter', () => {
  it("knows the article router's interfaces", () => {
    expect(routerHostFacts(article).interfaces).toEqual(['lo', 'eth0', 'eth1', 'eth2']);
  });

  it('takes a config whose interfaces the router has', () => {
    expect(parseConfigForRouter(config('eth0'), 'c.yaml', article).uplinks[0]?.interface).toBe('eth0');
  });

  it("refuses an interface the topology's router lacks at the config's own line and field", () => {
    const error = (() => {
      try {
        parseConfigForRouter(config('eth9', 'eth7'), 'c.yaml', article);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(exitCodeFor(error)).toBe(2);
    const { file, issues } = error as ConfigError;
    expect(file).toBe('c.yaml');
    expect(issues.map((issue) => [issue.line, issue.path.join('.'), issue.message])).toEqual([
      [
        3,
        'uplinks.0.interface',
        "on the lab's router: interface eth9 does not exist on this host (found: eth0, eth1, eth2, lo)",
      ],
      [7, 'lan.0', expect.stringContaining('interface eth7 does not exist')],
    ]);
  });

  it('reports a config error of its own without the router prefix', () => {
    expect(() => parseConfigForRouter(config('eth0').replace('/24', '/99'), 'c.yaml', article)).toThrow(
      /✖ "99" is not a valid IPv4 prefix length.*c\.yaml:4/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { defaultTopology } from '../../lab/index.js';
import { flowSpecs } from './flow-specs.js';
import { probeFor } from './probe-command.js';

describe('flowSpecs on the article topology', () => {
  it('makes one flow per uplink × protocol, forwards going to 8080 and the LAN server', () => {
    const specs = flowSpecs(defaultTopology());
    expect(specs.map((s) => `${s.uplink}/${s.protocol}`)).toEqual(
      ['isp1', 'isp2', 'isp3'].flatMap((u) => ['icmp', 'tcp', 'udp', 'forward'].map((p) => `${u}/${p}`)),
    );
    expect(specs.find((s) => s.uplink === 'isp2' && s.protocol === 'forward')).toMatchObject({
      target: '192.0.2.10',
      port: 8080,
      lanHost: 'server',
      client: 'client:client1',
    });
  });

  it('builds IPv6 flows against the IPv6 router addresses with bracketed socat addresses', () => {
    const specs = flowSpecs(defaultTopology(), { families: [6], protocols: ['tcp'] });
    expect(specs.map((s) => s.target)).toEqual(['2001:db8:1::10', '2001:db8:2::10', '2001:db8:3::10']);
    expect(probeFor(specs[0] ?? ({} as never), 'tok').argv.join(' ')).toContain('TCP6:[2001:db8:1::10]:7');
  });

  it('judges a forward by the LAN greeting, not by any output', () => {
    const spec = flowSpecs(defaultTopology(), { protocols: ['forward'] })[0];
    const probe = probeFor(spec ?? ({} as never), 'tok');
    expect(probe.succeeded({ stdout: 'hello from server\n', exitCode: 0 })).toBe(true);
    expect(probe.succeeded({ stdout: 'HTTP/1.0 200 OK\n', exitCode: 0 })).toBe(false);
  });
});

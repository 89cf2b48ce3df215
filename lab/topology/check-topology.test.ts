import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTopology } from './check-topology.js';
import { defaultTopology } from './default-topology.js';

const article = defaultTopology();
const addressLike = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.string(),
  fc.constantFrom('198.51.100.0/24', '10.0.0.0/8', '::/0'),
);

describe('checkTopology', () => {
  it('never throws on arbitrary input; it only reports issues', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const { topology, issues } = checkTopology(value);
        expect(topology === undefined).toBe(issues.length > 0);
      }),
    );
  });

  it('never throws when addresses of a valid topology are replaced by arbitrary ones', () => {
    fc.assert(
      fc.property(fc.nat(2), fc.nat(1), addressLike, addressLike, (i, j, gateway, prefix) => {
        const isps = article.isps.map((isp, k) =>
          k === i
            ? {
                ...isp,
                gateways: isp.gateways.map((g, m) => (m === j ? gateway : g)),
                prefixes: isp.prefixes.map((p, m) => (m === j ? prefix : p)),
              }
            : isp,
        );
        const { topology, issues } = checkTopology({ ...article, isps });
        expect(topology === undefined).toBe(issues.length > 0);
        expect(issues.every((issue) => issue.message.length > 0)).toBe(true);
      }),
    );
  });

  it('refuses more ISPs and clients than the internet bridge has ports for', () => {
    // The article's three ISPs and as many clients as fill the bridge, on a /16 internet.
    const clients = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `c${i}`,
        addresses: [`100.64.${1 + Math.floor(i / 200)}.${1 + (i % 200)}`],
      }));
    const bridgeIssues = (n: number) => {
      const { topology, issues } = checkTopology({
        ...article,
        internet: { prefixes: ['100.64.0.0/16', '2001:db8:ff::/64'] },
        clients: clients(n),
      });
      return { valid: topology !== undefined, issues };
    };
    expect(bridgeIssues(1020)).toEqual({ valid: true, issues: [] });
    expect(bridgeIssues(1021)).toEqual({
      valid: false,
      issues: [
        {
          path: ['isps'],
          message:
            "3 ISPs and 1021 clients need 1024 ports on the internet segment's bridge; a Linux bridge takes at most 1023",
        },
      ],
    });
  });
});

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
});

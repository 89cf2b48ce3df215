import { afterAll, describe, expect, it } from 'vitest';
import { flowSpecs, runFlows } from '../lab/index.js';
import { applyFix, removeFix, verifyFix } from './support/applier-driver.js';
import { expectFlows, showFlows, viaOwnUplink } from './support/assert-flows.js';
import { useScenarioLab } from './support/scenario-lab.js';

// The fix applied by the applier itself, through the container runner: per-uplink tables and
// `from <address>` rules. Every uplink then answers ICMP, TCP and UDP through its own gateway.
describe('scenario 2: the fix', () => {
  const lab = useScenarioLab('02-fix-applied');
  const specs = () => flowSpecs(lab().topology, { protocols: ['icmp', 'tcp', 'udp'] });
  afterAll(async () => removeFix(lab(), { families: [4] }));

  it('after apply every uplink answers ICMP, TCP and UDP via its own gateway (scenario 1 shows before)', async () => {
    const changes = await applyFix(lab(), { families: [4] });
    expect(changes.length).toBeGreaterThan(0);

    const after = await runFlows(lab(), specs());
    showFlows('after apply', after);
    expectFlows('after apply', after, viaOwnUplink);
  });

  it('verify agrees with the packets: every uplink resolves to its own gateway', async () => {
    const verdict = await verifyFix(lab(), { families: [4] });
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
  });
});

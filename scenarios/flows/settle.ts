import type { StartedLab } from '../../lab/index.js';
import { LabError } from '../../lab/index.js';

/**
 * Ends half-open TCP handshakes that failed flows left on the router and the LAN hosts. Their
 * SYN-ACK retransmissions (for about 30 s) would otherwise land in later flows' observe windows and
 * be counted as that flow's reply. Kills them with `ss -K`, then polls until none is left.
 */
export async function settleHandshakes(lab: StartedLab, deadlineMs = 45_000): Promise<void> {
  const nodes = lab.nodes.filter((node) => node === 'router' || node.startsWith('lan:'));
  const pending = async () => {
    let count = 0;
    for (const node of nodes) {
      const listed = await lab.exec(node, ['ss', '-Htn', 'state', 'syn-recv']);
      count += listed.stdout.split('\n').filter((line) => line.trim() !== '').length;
    }
    return count;
  };
  if ((await pending()) === 0) return;
  for (const node of nodes) await lab.exec(node, ['ss', '-K', '-tn', 'state', 'syn-recv']);
  const end = Date.now() + deadlineMs;
  while ((await pending()) > 0) {
    if (Date.now() > end) {
      throw new LabError(
        'HARNESS_FAILED',
        `half-open TCP handshakes still pending after ${deadlineMs} ms (does this kernel lack CONFIG_INET_DIAG_DESTROY for \`ss -K\`?)`,
        { source: 'system' },
      );
    }
    await new Promise((done) => setTimeout(done, 500));
  }
}

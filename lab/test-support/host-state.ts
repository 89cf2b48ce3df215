import { LocalRunner } from '../../applier/runner/local-runner.js';

// Other engineers' Docker labs add and remove bridges, veths and their iptables-nft chains on this
// host while a test runs; anything naming them is theirs, not a netns lab's, and is left out.
const FOREIGN = /"(br-[0-9a-f]{12}|veth[0-9a-f]+|docker0)"|DOCKER/;

/**
 * The host's own network state as JSON text per reading: addresses, routes and rules of both
 * families, and the whole nftables ruleset (counters zeroed). A netns lab must leave every one
 * byte-identical.
 */
export async function hostNetworkState(): Promise<Record<string, string>> {
  const host = new LocalRunner();
  const read = async (argv: string[]) => {
    const result = await host.run(argv);
    if (result.exitCode !== 0) throw new Error(`${argv.join(' ')}: ${result.stderr}`);
    const items = JSON.parse(result.stdout || '[]') as unknown;
    const list = Array.isArray(items) ? items : ((items as { nftables?: unknown[] }).nftables ?? []);
    return list
      .map((item) => JSON.stringify(item, (key, v) => (key === 'packets' || key === 'bytes' ? 0 : v)))
      .filter((text) => !FOREIGN.test(text))
      .join('\n');
  };
  const [addresses, routes4, routes6, rules4, rules6, nft] = await Promise.all([
    read(['ip', '-j', 'address', 'show']),
    read(['ip', '-j', '-4', 'route', 'show', 'table', 'all']),
    read(['ip', '-j', '-6', 'route', 'show', 'table', 'all']),
    read(['ip', '-j', '-4', 'rule', 'show']),
    read(['ip', '-j', '-6', 'rule', 'show']),
    read(['nft', '-j', 'list', 'ruleset']),
  ]);
  return { addresses, routes4, routes6, rules4, rules6, nft };
}

import { TestNamespace } from '../test-support/test-namespace.js';
import { BENCH_INTERFACE, type UplinkSpec } from './bench-uplinks.js';

// What a fresh namespace would otherwise inherit from the host: no forwarding, loose enough rp_filter.
const QUIET = [
  'net.ipv4.ip_forward=0',
  'net.ipv4.conf.all.rp_filter=0',
  'net.ipv4.conf.default.rp_filter=0',
  'net.ipv6.conf.all.accept_dad=0',
  'net.ipv6.conf.default.accept_dad=0',
];

/** A fresh host namespace with every bench uplink's address on one veth, and a peer to keep it up. */
export class BenchNamespace implements AsyncDisposable {
  readonly host: TestNamespace;
  readonly peer: TestNamespace;

  private constructor(host: TestNamespace, peer: TestNamespace) {
    this.host = host;
    this.peer = peer;
  }

  get name(): string {
    return this.host.name;
  }

  get runner(): TestNamespace['runner'] {
    return this.host.runner;
  }

  /** Creates both namespaces, the veth and the addresses; removes everything if a step fails. */
  static async create(uplinks: readonly UplinkSpec[]): Promise<BenchNamespace> {
    const host = await TestNamespace.create('bench');
    const peer = await TestNamespace.create('bench-peer').catch((error: unknown) => {
      host.dispose();
      throw error;
    });
    const bench = new BenchNamespace(host, peer);
    try {
      for (const ns of [host, peer]) await ns.must(['sysctl', '-q', '-w', ...QUIET]);
      await host.ipBatch([
        `link add ${BENCH_INTERFACE} type veth peer name down0 netns ${peer.name}`,
        ...uplinks.map((u) => `address add ${u.address}/${u.prefixLength} dev ${BENCH_INTERFACE}`),
        `link set ${BENCH_INTERFACE} up`,
      ]);
      await peer.ipBatch(['link set down0 up']);
      return bench;
    } catch (error) {
      await bench.dispose();
      throw error;
    }
  }

  /** Deletes both namespaces and what multihome kept on disk for them. */
  async dispose(): Promise<void> {
    this.host.dispose();
    this.peer.dispose();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

import { randomBytes } from 'node:crypto';
import type { UplinkSpec } from '../e2e/article-config.js';
import { isolateIproute2 } from '../e2e/world/namespace-files.js';
import { deleteNamespace, register, sweepAbandoned, unregister } from '../e2e/world/registry.js';
import { pinSysctls, sysctlsFor } from '../e2e/world/sysctls.js';
import { LocalRunner } from '../runner/local-runner.js';
import { mustRun } from '../runner/must-run.js';
import { NamespaceRunner } from '../runner/namespace-runner.js';
import { BENCH_INTERFACE } from './bench-uplinks.js';

/** A fresh host namespace with every bench uplink's address on one veth, and a peer to keep it up. */
export class BenchNamespace implements AsyncDisposable {
  readonly id: string;
  readonly name: string;
  readonly peer: string;
  readonly runner: NamespaceRunner;
  #gone = false;

  private constructor(id: string) {
    this.id = id;
    this.name = `mh-k-${id}-bench`;
    this.peer = `mh-k-${id}-peer`;
    this.runner = new NamespaceRunner(this.name);
  }

  /** Creates both namespaces, the veth and the addresses; removes everything if a step fails. */
  static async create(uplinks: readonly UplinkSpec[]): Promise<BenchNamespace> {
    const bench = new BenchNamespace(randomBytes(3).toString('hex'));
    try {
      await bench.#build(uplinks);
      return bench;
    } catch (error) {
      await bench.dispose();
      throw error;
    }
  }

  /** Deletes both namespaces and what multihome kept on disk for them. */
  async dispose(): Promise<void> {
    if (this.#gone) return;
    this.#gone = true;
    for (const name of [this.name, this.peer]) await deleteNamespace(name);
    await unregister(this.id);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  async #build(uplinks: readonly UplinkSpec[]): Promise<void> {
    const host = new LocalRunner();
    await sweepAbandoned();
    await register(this.id, [this.name, this.peer]);
    for (const name of [this.name, this.peer]) await mustRun(host, ['ip', 'netns', 'add', name]);
    await isolateIproute2(this.name);
    const peer = new NamespaceRunner(this.peer);
    await pinSysctls(this.runner, sysctlsFor({ forwarding: false, rpFilter: 0 }, []));
    await pinSysctls(peer, sysctlsFor({ forwarding: false, rpFilter: 0 }, []));
    const veth = [
      'ip',
      'link',
      'add',
      BENCH_INTERFACE,
      'type',
      'veth',
      'peer',
      'name',
      'down0',
      'netns',
      this.peer,
    ];
    await mustRun(this.runner, veth);
    await pinSysctls(this.runner, sysctlsFor({ forwarding: false, rpFilter: 0 }, ['lo', BENCH_INTERFACE]));
    const batch = [
      ...uplinks.map(
        (uplink) => `address add ${uplink.address}/${uplink.prefixLength} dev ${BENCH_INTERFACE}`,
      ),
      'link set lo up',
      `link set ${BENCH_INTERFACE} up`,
    ];
    await mustRun(this.runner, ['ip', '-batch', '-'], { input: `${batch.join('\n')}\n` });
    await mustRun(peer, ['ip', 'link', 'set', 'down0', 'up']);
  }
}

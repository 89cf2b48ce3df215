import { randomBytes } from 'node:crypto';
import type { CommandResult, RunOptions } from '../runner/command-runner.js';
import { LocalRunner } from '../runner/local-runner.js';
import { NamespaceRunner } from '../runner/namespace-runner.js';
import { bcp38Ruleset } from './world/bcp38.js';
import { parseGatewayCounters, type WorldCounters } from './world/counters.js';
import { type Daemon, startDaemon, stopDaemon } from './world/daemons.js';
import { GATEWAYS, type Gateway, ROLES, type Role } from './world/layout.js';
import { isolateIproute2 } from './world/namespace-files.js';
import { portForwardRuleset } from './world/port-forward.js';
import { deleteNamespace, register, sweepAbandoned, unregister } from './world/registry.js';
import { worldServices } from './world/services.js';
import { pinSysctls, type SysctlPolicy, sysctlsFor } from './world/sysctls.js';
import { addressAndRouteSteps, INTERFACES, linkSteps } from './world/topology-commands.js';
import { waitFor } from './world/wait-for.js';

/** How to build a world; the defaults are the article's host before any fix. */
export type NetnsWorldOptions = {
  /** rp_filter on the router's `all`, `default` and every interface (default 0). */
  readonly routerRpFilter?: 0 | 1 | 2;
};

/**
 * A throwaway world of network namespaces mirroring the article: a router with three uplinks (two on
 * one segment), three BCP38-filtering ISP gateways, a client on the internet side and a LAN server
 * behind port forwards. `await using world = await NetnsWorld.create()` tears it down at scope exit.
 */
export class NetnsWorld implements AsyncDisposable {
  readonly id: string;
  /** Namespace name per role: `mh-k-<id>-<role>`. */
  readonly ns: Readonly<Record<Role, string>>;
  readonly #created: string[] = [];
  readonly #daemons: Daemon[] = [];
  #tornDown = false;

  private constructor(id: string) {
    this.id = id;
    this.ns = Object.fromEntries(ROLES.map((role) => [role, `mh-k-${id}-${role}`])) as Record<Role, string>;
  }

  /** Builds the world; on any failure it removes what it made and rethrows. */
  static async create(options: NetnsWorldOptions = {}): Promise<NetnsWorld> {
    const world = new NetnsWorld(randomBytes(3).toString('hex'));
    try {
      await world.#build(options);
      return world;
    } catch (error) {
      await world.teardown();
      throw error;
    }
  }

  /** The runner for one namespace, the same kind the applier uses. */
  runner(role: Role): NamespaceRunner {
    return new NamespaceRunner(this.ns[role]);
  }

  /** Runs argv inside the namespace of `role`; a non-zero exit is data. */
  exec(role: Role, argv: readonly string[], options?: RunOptions): Promise<CommandResult> {
    return this.runner(role).run(argv, options);
  }

  /** Runs argv inside `role` and throws with its stderr when it fails. */
  async must(role: Role, argv: readonly string[], options?: RunOptions): Promise<string> {
    const result = await this.exec(role, argv, options);
    if (result.exitCode !== 0) {
      throw new Error(
        `${this.ns[role]}: \`${argv.join(' ')}\` exited ${result.exitCode}: ${result.stderr.trim()}`,
      );
    }
    return result.stdout;
  }

  /** The BCP38 counters of every ISP gateway. */
  async counters(): Promise<WorldCounters> {
    const read = async (isp: Gateway) =>
      [
        isp,
        parseGatewayCounters(
          await this.must(isp, ['nft', '-j', 'list', 'counters', 'table', 'inet', 'bcp38']),
        ),
      ] as const;
    return Object.fromEntries(await Promise.all(GATEWAYS.map(read))) as WorldCounters;
  }

  /** Zeroes every gateway's counters. */
  async resetCounters(): Promise<void> {
    await Promise.all(
      GATEWAYS.map((isp) => this.must(isp, ['nft', 'reset', 'counters', 'table', 'inet', 'bcp38'])),
    );
  }

  /** Flushes the router's conntrack table, so a test's connections never meet the previous test's. */
  async flushConntrack(): Promise<void> {
    await this.exec('router', ['conntrack', '-F']);
  }

  /** Stops the services and deletes every namespace; safe to call twice and after a failed create. */
  async teardown(): Promise<void> {
    if (this.#tornDown) return;
    this.#tornDown = true;
    await Promise.all(this.#daemons.map((daemon) => stopDaemon(daemon)));
    const problems: string[] = [];
    for (const name of this.#created.reverse()) {
      const problem = await deleteNamespace(name);
      if (problem !== undefined) problems.push(problem);
    }
    if (problems.length === 0) await unregister(this.id);
    if (problems.length > 0)
      throw new Error(`NetnsWorld teardown left namespaces behind: ${problems.join('; ')}`);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.teardown();
  }

  async #build(options: NetnsWorldOptions): Promise<void> {
    const host = new LocalRunner();
    await sweepAbandoned();
    await register(this.id, Object.values(this.ns));
    for (const role of ROLES) {
      const added = await host.run(['ip', 'netns', 'add', this.ns[role]]);
      if (added.exitCode !== 0) throw new Error(`ip netns add ${this.ns[role]}: ${added.stderr.trim()}`);
      this.#created.push(this.ns[role]);
    }
    await isolateIproute2(this.ns.router);
    const policies = this.#policies(options);
    await Promise.all(ROLES.map((role) => pinSysctls(this.runner(role), sysctlsFor(policies[role], []))));
    for (const step of linkSteps(this.ns)) await this.must(step.role, step.argv);
    await Promise.all(
      ROLES.map((role) => pinSysctls(this.runner(role), sysctlsFor(policies[role], INTERFACES[role]))),
    );
    for (const step of addressAndRouteSteps()) await this.must(step.role, step.argv);
    for (const isp of GATEWAYS) await this.must(isp, ['nft', '-f', '-'], { input: bcp38Ruleset(isp) });
    await this.must('router', ['nft', '-f', '-'], { input: portForwardRuleset() });
    await this.#startServices();
  }

  #policies(options: NetnsWorldOptions): Record<Role, SysctlPolicy> {
    const quiet: SysctlPolicy = { forwarding: false, rpFilter: 0 };
    const forwarder: SysctlPolicy = { forwarding: true, rpFilter: 0 };
    return {
      seg0: quiet,
      router: { forwarding: true, rpFilter: options.routerRpFilter ?? 0 },
      isp1: forwarder,
      isp2: forwarder,
      isp3: forwarder,
      client: quiet,
      lan: quiet,
    };
  }

  async #startServices(): Promise<void> {
    const services = worldServices();
    for (const service of services) this.#daemons.push(startDaemon(this.ns[service.role], service.argv));
    for (const service of services) {
      await waitFor(`${service.argv.join(' ')} listening in ${this.ns[service.role]}`, async () => {
        const flag = service.protocol === 'tcp' ? '-Hltn' : '-Hlun';
        const listing = await this.exec(service.role, ['ss', flag]);
        const locals = listing.stdout.split('\n').map((line) => line.trim().split(/\s+/)[3]);
        return locals.includes(service.local) ? true : undefined;
      });
    }
  }
}

import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { NodeName, NodePlan } from '../types.js';

/** Node plans applied to throwaway network namespaces: one per node, plus one holding a bridge per segment. */
export type NetnsLab = {
  /** Runs argv in a node's namespace; never throws, returns exit code and output. */
  exec(node: NodeName, argv: readonly string[]): { status: number; stdout: string; stderr: string };
  dispose(): void;
};

/**
 * Wires the nodes the way the Docker lab does (an interface per segment with a Docker-like throwaway
 * address and default route, then renamed to the planned name) and applies each plan in order.
 */
export function netnsLab(plans: Readonly<Record<NodeName, NodePlan>>): NetnsLab {
  const prefix = `mh-l2-${randomBytes(3).toString('hex')}`;
  const hub = `${prefix}-sw`;
  const namespaces = new Map<NodeName, string>();
  const services: ChildProcess[] = [];
  const segments = [
    ...new Set(Object.values(plans).flatMap((plan) => plan.interfaces.map((i) => i.segment))),
  ];
  const run = (ns: string, argv: readonly string[], input?: string) =>
    execFileSync('ip', ['netns', 'exec', ns, ...argv], {
      encoding: 'utf8',
      ...(input === undefined ? {} : { input }),
    });
  const dispose = () => {
    for (const child of services) if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    for (const ns of [...namespaces.values(), hub]) spawnSync('ip', ['netns', 'del', ns]);
  };
  try {
    execFileSync('ip', ['netns', 'add', hub]);
    segments.forEach((_, s) => {
      run(hub, ['ip', 'link', 'add', `br${s}`, 'type', 'bridge']);
      run(hub, ['ip', 'link', 'set', `br${s}`, 'up']);
    });
    Object.entries(plans).forEach(([node, plan], n) => {
      const ns = `${prefix}-${n}`;
      execFileSync('ip', ['netns', 'add', ns]);
      namespaces.set(node, ns);
      run(ns, ['ip', 'link', 'set', 'lo', 'up']);
      plan.interfaces.forEach((iface, k) => {
        const s = segments.indexOf(iface.segment);
        const temp = `tmp${k}`;
        execFileSync('ip', [
          'link',
          'add',
          `${prefix}-${n}${k}`.slice(-15),
          'netns',
          ns,
          'type',
          'veth',
          'peer',
          'name',
          `p${n}x${k}`,
          'netns',
          hub,
        ]);
        run(ns, ['ip', 'link', 'set', `${prefix}-${n}${k}`.slice(-15), 'name', temp]);
        run(hub, ['ip', 'link', 'set', `p${n}x${k}`, 'master', `br${s}`, 'up']);
        run(ns, ['ip', 'link', 'set', temp, 'up']);
        run(ns, ['ip', 'addr', 'add', `172.31.${s}.${n + 2}/24`, 'dev', temp]);
        if (k === 0) run(ns, ['ip', 'route', 'add', 'default', 'via', `172.31.${s}.1`]);
        run(ns, ['ip', 'link', 'set', temp, 'down']);
        run(ns, ['ip', 'link', 'set', temp, 'name', iface.name]);
        run(ns, ['ip', 'link', 'set', iface.name, 'up']);
      });
    });
    for (const [node, plan] of Object.entries(plans)) {
      const ns = namespaces.get(node) ?? '';
      for (const [key, value] of Object.entries(plan.sysctls))
        run(ns, ['sysctl', '-q', '-w', `${key}=${value}`]);
      for (const argv of plan.commands) run(ns, argv);
      if (plan.nftRuleset !== null) run(ns, ['nft', '-f', '-'], plan.nftRuleset);
      for (const service of plan.services) {
        const child = spawn('ip', ['netns', 'exec', ns, ...service.argv], {
          detached: true,
          stdio: 'ignore',
        });
        services.push(child);
      }
    }
  } catch (error) {
    dispose();
    throw error;
  }
  return {
    exec(node, argv) {
      const ns = namespaces.get(node);
      if (ns === undefined) throw new Error(`no node ${node}`);
      const result = spawnSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8', timeout: 10_000 });
      return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
    },
    dispose,
  };
}

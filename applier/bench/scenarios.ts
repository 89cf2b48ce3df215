import { binPath } from '../e2e/cli-path.js';
import { BenchNamespace } from './bench-namespace.js';
import { articleScript, benchUplinks, configText, writeConfig } from './bench-uplinks.js';
import { type Timed, timeProcess } from './measure.js';

/** Namespaces alive right now, so an interrupted run can still delete them. */
export const live = new Set<BenchNamespace>();

/** One repetition of `multihome apply` on a fresh namespace, plus the no-op `plan --json` right after. */
export type ApplyRun = { readonly apply: number; readonly noopPlan: number; readonly noopChanges: number };

/** Times the whole `multihome apply` process for `n` uplinks, then a no-op `plan`, then removes. */
export async function runMultihome(n: number): Promise<ApplyRun> {
  const uplinks = benchUplinks(n);
  await using config = await writeConfig(configText(uplinks, 'u0', []));
  await using ns = track(await BenchNamespace.create(uplinks));
  const cli = (...args: string[]) => ['ip', 'netns', 'exec', ns.name, process.execPath, binPath(), ...args];
  const apply = ensure(await timeProcess(cli('apply', '-c', config.path)), 'apply');
  await expectRules(ns, n, 'multihome apply');
  const plan = ensure(await timeProcess(cli('plan', '--json', '-c', config.path)), 'plan --json');
  const changes = (JSON.parse(plan.stdout) as { changes?: unknown[] }).changes;
  ensure(await timeProcess(cli('remove', '-c', config.path)), 'remove');
  live.delete(ns);
  return { apply: apply.ms, noopPlan: plan.ms, noopChanges: Array.isArray(changes) ? changes.length : -1 };
}

/** Times the article's way for `n` uplinks: one `ip` process per command, from a shell script. */
export async function runArticleWay(n: number): Promise<number> {
  const uplinks = benchUplinks(n);
  await using ns = track(await BenchNamespace.create(uplinks));
  const run = ensure(
    await timeProcess(['ip', 'netns', 'exec', ns.name, 'sh', '-s'], articleScript(uplinks)),
    'article script',
  );
  live.delete(ns);
  return run.ms;
}

/**
 * Times `multihome apply --help`: what every applier command pays before it does any work. (Plain
 * `--help` also loads the lab and demo commands, which the applier never does.)
 */
export async function runStartup(): Promise<number> {
  return ensure(await timeProcess([process.execPath, binPath(), 'apply', '--help']), 'apply --help').ms;
}

/** Both ways must have done the same work: one `from` rule per uplink. */
async function expectRules(ns: BenchNamespace, n: number, who: string): Promise<void> {
  const listed = await ns.runner.run(['ip', '-4', '-json', 'rule', 'list']);
  const from = (JSON.parse(listed.stdout) as { src?: string; srclen?: number }[]).filter(
    (rule) => rule.src?.startsWith('10.200.') && (rule.srclen ?? 32) === 32,
  );
  if (from.length !== n) throw new Error(`${who} left ${from.length} from-rules for ${n} uplinks`);
}

function track(ns: BenchNamespace): BenchNamespace {
  live.add(ns);
  return ns;
}

function ensure(timed: Timed, what: string): Timed {
  if (timed.exitCode !== 0)
    throw new Error(`${what} exited ${timed.exitCode}: ${timed.stderr.trim() || timed.stdout.trim()}`);
  return timed;
}

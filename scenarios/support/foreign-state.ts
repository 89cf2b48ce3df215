import { mustRun } from '../../applier/index.js';
import { lansOf, type StartedLab } from '../../lab/index.js';

/** A foreign routing table id: not multihome's, used by the foreign rule and route below. */
export const FOREIGN_TABLE = 4242;

/** Adds state another tool owns: rules in both families, a route table and an nftables table. */
export async function addForeignState(lab: StartedLab): Promise<void> {
  const lanInterface = lansOf(lab.topology)[0]?.routerInterface ?? 'eth2';
  await mustRun(lab.runner('router'), [
    'ip',
    '-4',
    'route',
    'add',
    '10.99.0.0/24',
    'dev',
    lanInterface,
    'table',
    String(FOREIGN_TABLE),
  ]);
  await mustRun(lab.runner('router'), [
    'ip',
    '-4',
    'rule',
    'add',
    'pref',
    '1234',
    'from',
    '10.99.0.0/24',
    'lookup',
    String(FOREIGN_TABLE),
  ]);
  await mustRun(lab.runner('router'), [
    'ip',
    '-6',
    'rule',
    'add',
    'pref',
    '1234',
    'from',
    'fd99::/64',
    'lookup',
    String(FOREIGN_TABLE),
  ]);
  await mustRun(lab.runner('router'), ['nft', 'add', 'table', 'inet', 'foreign']);
  await mustRun(lab.runner('router'), [
    'nft',
    'add',
    'chain',
    'inet',
    'foreign',
    'input',
    '{ type filter hook input priority 10; policy accept; }',
  ]);
  await mustRun(lab.runner('router'), [
    'nft',
    'add',
    'rule',
    'inet',
    'foreign',
    'input',
    'ip',
    'saddr',
    '10.99.0.0/24',
    'accept',
  ]);
}

/** True when every piece of the foreign state is still there. */
export async function foreignStatePresent(lab: StartedLab): Promise<Record<string, boolean>> {
  const rules4 = await mustRun(lab.runner('router'), ['ip', '-4', 'rule', 'show', 'pref', '1234']);
  const rules6 = await mustRun(lab.runner('router'), ['ip', '-6', 'rule', 'show', 'pref', '1234']);
  const route = await mustRun(lab.runner('router'), [
    'ip',
    '-4',
    'route',
    'show',
    'table',
    String(FOREIGN_TABLE),
  ]);
  const nft = await lab.exec('router', ['nft', 'list', 'table', 'inet', 'foreign']);
  return {
    rule4: rules4.includes(String(FOREIGN_TABLE)),
    rule6: rules6.includes(String(FOREIGN_TABLE)),
    route: route.includes('10.99.0.0/24'),
    nft: nft.exitCode === 0 && nft.stdout.includes('10.99.0.0/24'),
  };
}

/** Removes the foreign state again so the file's lab ends clean. */
export async function removeForeignState(lab: StartedLab): Promise<void> {
  await lab.exec('router', ['ip', '-4', 'rule', 'del', 'pref', '1234']);
  await lab.exec('router', ['ip', '-6', 'rule', 'del', 'pref', '1234']);
  await lab.exec('router', ['ip', '-4', 'route', 'flush', 'table', String(FOREIGN_TABLE)]);
  await lab.exec('router', ['nft', 'delete', 'table', 'inet', 'foreign']);
}

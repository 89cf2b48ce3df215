import type { Change } from '../model/types.js';
import { addressArgs, formatRoute, formatRule } from './iproute-args.js';
import { sortKeys } from './sort-keys.js';

export { addressArgs, formatRoute, formatRule, routeArgs, ruleArgs } from './iproute-args.js';

/** How `renderPlan` prints: ANSI colours for a terminal, and the config file named when nothing changes. */
export type RenderOptions = { readonly color: boolean; readonly file?: string };

const SIGN = { add: '+', delete: '-', replace: '~' } as const;
const COLOR = { add: '\u001b[32m', delete: '\u001b[31m', replace: '\u001b[33m' } as const;
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/** The plan for humans: one `+`/`-`/`~` line per change, with its reason as a trailing comment. */
export function renderPlan(changes: readonly Change[], options: RenderOptions): string {
  if (changes.length === 0) {
    return `No changes: the host already matches ${options.file ?? 'the config'}.`;
  }
  return changes
    .map((change) => {
      const line = `${SIGN[change.action]} ${describeChange(change)}`;
      const reason = `# ${change.reason}`;
      return options.color
        ? `${COLOR[change.action]}${line}${RESET}  ${DIM}${reason}${RESET}`
        : `${line}  ${reason}`;
    })
    .join('\n');
}

/** The object of one change in iproute2-like words (`route default via … table 101 proto 77`). */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'route':
      return `route ${change.family === 6 ? '-6 ' : ''}${formatRoute(change.object)}`;
    case 'rule':
      return `rule ${change.family === 6 ? '-6 ' : ''}${formatRule(change.object)}`;
    case 'address':
      return `address ${addressArgs(change.object).join(' ')}`;
    case 'sysctl': {
      const was = change.object.previous === undefined ? '' : ` (was ${change.object.previous})`;
      return `sysctl ${change.object.key} = ${change.object.value}${was}`;
    }
    case 'nftables':
      return `nftables table ${change.object.family} ${change.object.name} (digest ${change.object.digest || 'unknown'})`;
    case 'table-name':
      return `table-name ${change.object.table} ${change.object.name}`;
  }
}

/** The plan as data for `--json`: keys sorted at every level, so equal plans print byte-equal. */
export function planJson(changes: readonly Change[]): { changes: unknown[] } {
  return { changes: changes.map((change) => sortKeys(change)) };
}

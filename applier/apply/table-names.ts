import type { Change } from '../model/types.js';
import { parseTableNames } from '../state/parse-table-names.js';

const HEADER =
  '# Routing table names for multihome (this network namespace). Written whole on every apply.\n';

/**
 * The whole rt_tables.d file after the table-name changes, or null when no name is left (the file
 * then goes). Writing the whole file keeps it exact; appending would pile up stale names.
 */
export function nextTableNames(current: string | null, changes: readonly Change[]): string | null {
  const byTable = new Map(parseTableNames(current).map((entry) => [entry.table, entry.name]));
  for (const change of changes) {
    if (change.kind !== 'table-name') continue;
    if (change.action === 'delete') byTable.delete(change.object.table);
    else byTable.set(change.object.table, change.object.name);
  }
  if (byTable.size === 0) return null;
  const lines = [...byTable].sort(([a], [b]) => a - b).map(([table, name]) => `${table} ${name}\n`);
  return HEADER + lines.join('');
}

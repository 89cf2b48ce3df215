import { TABLE_NAME_PREFIX } from '../model/constants.js';
import type { Change, Ledger, TableName } from '../model/types.js';

/**
 * rt_tables.d changes against the names the namespace's file holds, when it was read (so a deleted
 * file is drift, and a host set up by the exported script plans nothing), else against the names the
 * last applied config (in the ledger) wrote.
 */
export function planTableNames(
  desired: readonly TableName[],
  ledger: Ledger | null,
  present?: readonly TableName[],
): Change[] {
  const known = present ?? ledgerTableNames(ledger);
  const key = (name: TableName) => `${name.table} ${name.name}`;
  const wanted = new Set(desired.map(key));
  const had = new Set(known.map(key));
  return [
    ...desired
      .filter((name) => !had.has(key(name)))
      .map((name): Change => tableNameChange('add', name, `table ${name.table} has no name yet`)),
    ...known
      .filter((name) => !wanted.has(key(name)))
      .map(
        (name): Change => tableNameChange('delete', name, `no uplink uses the name ${name.name} any more`),
      ),
  ];
}

/** The rt_tables.d names the last applied config wrote. */
export function ledgerTableNames(ledger: Ledger | null): TableName[] {
  return (ledger?.config.uplinks ?? []).map((uplink) => ({
    table: uplink.table,
    name: `${TABLE_NAME_PREFIX}${uplink.name}`,
  }));
}

/** One rt_tables.d change. */
export function tableNameChange(action: 'add' | 'delete', name: TableName, reason: string): Change {
  return { action, kind: 'table-name', family: null, object: name, reason };
}

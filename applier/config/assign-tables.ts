import type { ConfigView } from './config-view.js';
import { RESERVED_TABLES } from './field-schemas.js';
import type { PathIssue } from './zod-issues.js';

/** Routing table ids owned by nobody else, assigned upward from here when a table is not given. */
export const FIRST_ASSIGNED_TABLE = 100;

/** Table id per uplink index, and the problems with the explicit ones. */
export type TablesResult = {
  readonly tables: ReadonlyMap<number, number>;
  readonly issues: readonly PathIssue[];
};

/** Inputs from the host that make table assignment stable and safe. */
export type TableFacts = {
  readonly foreignTables?: readonly number[] | undefined;
  readonly previousTables?: Readonly<Record<string, number>> | undefined;
};

/**
 * Assigns each uplink a table: an explicit `table` wins; then last run's id for that name if still free;
 * then the lowest free id from 100, in file order. Ids used by foreign tables or by any previous
 * assignment are never handed out fresh, so an old table is not reused while it may still hold routes.
 */
export function assignTables(view: ConfigView, facts: TableFacts): TablesResult {
  const foreign = new Set(facts.foreignTables ?? []);
  const previous = facts.previousTables ?? {};
  const tables = new Map<number, number>();
  const issues: PathIssue[] = [];
  const owner = new Map<number, string>();

  for (const { index, file } of view.uplinks) {
    if (file.table === undefined) continue;
    const path = ['uplinks', index, 'table'];
    const other = owner.get(file.table);
    if (other !== undefined)
      issues.push({ path, message: `table ${file.table} is already used by uplink ${other}` });
    else if (foreign.has(file.table)) {
      issues.push({ path, message: `table ${file.table} already holds routes that multihome does not own` });
    }
    owner.set(file.table, file.name);
    tables.set(index, file.table);
  }

  const taken = new Set([...owner.keys(), ...foreign, ...Object.keys(RESERVED_TABLES).map(Number)]);
  const pending = view.uplinks.filter(({ file }) => file.table === undefined);
  for (const { index, file } of pending) {
    const last = Object.hasOwn(previous, file.name) ? previous[file.name] : undefined;
    if (last === undefined || !Number.isInteger(last) || last < 1 || last > 0xffffffff || taken.has(last))
      continue;
    taken.add(last);
    tables.set(index, last);
  }

  for (const id of Object.values(previous)) taken.add(id);
  let next = FIRST_ASSIGNED_TABLE;
  for (const { index } of pending) {
    if (tables.has(index)) continue;
    while (taken.has(next)) next++;
    taken.add(next);
    tables.set(index, next);
  }
  return { tables, issues };
}

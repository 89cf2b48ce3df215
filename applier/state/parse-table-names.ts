import type { TableName } from '../model/types.js';

/** Reads `<id> <name>` lines of an rt_tables.d file, ignoring comments. */
export function parseTableNames(text: string | null): TableName[] {
  const names: TableName[] = [];
  for (const line of (text ?? '').split('\n')) {
    const match = /^\s*(\d+)\s+(\S+)/.exec(line);
    if (match?.[1] && match[2]) names.push({ table: Number(match[1]), name: match[2] });
  }
  return names;
}

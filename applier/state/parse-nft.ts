import { MultihomeError } from '../errors.js';
import type { HostState } from '../model/types.js';

/** Reads multihome's table from `nft -j list table inet multihome`: its digest comment and rule count. */
export function parseNftTable(json: string): HostState['nftTable'] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new MultihomeError('STATE_CORRUPT', 'nft -j list table: output is not JSON', {
      source: 'system',
      cause,
    });
  }
  const items = objectsOf(value);
  let tableComment: string | null = null;
  let ruleComment: string | null = null;
  let rules = 0;
  for (const item of items) {
    const table = field(item, 'table');
    if (table !== undefined && typeof table.comment === 'string') tableComment = table.comment;
    const rule = field(item, 'rule');
    if (rule === undefined) continue;
    rules += 1;
    // nft 1.0.6 prints no table or chain comments in JSON, so the digest also rides on the first rule.
    if (ruleComment === null && typeof rule.comment === 'string') ruleComment = rule.comment;
  }
  return { comment: tableComment ?? ruleComment, rules };
}

/**
 * True when nft's failure means "no such table" or no nft at all (exit 127 from a shell or `timeout`;
 * a local spawn failure reports exit 1 with empty stderr, while nft itself always explains on stderr).
 */
export function isAbsentTable(exitCode: number, stderr: string): boolean {
  return (
    exitCode === 127 || stderr.trim() === '' || /No such file or directory|not found|ENOENT/i.test(stderr)
  );
}

function objectsOf(value: unknown): Record<string, unknown>[] {
  if (typeof value !== 'object' || value === null) return [];
  const list = (value as Record<string, unknown>).nftables;
  return Array.isArray(list)
    ? list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    : [];
}

function field(item: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = item[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

import type { z } from 'zod';
import type { PathIssue } from './check-issue.js';
import { topologySchema } from './schema.js';
import type { Topology } from './types.js';
import { validateTopology } from './validate-topology.js';

/** Schema then cross-checks; with unknown keys the cross-checks still run on the rest, so all issues show. */
export function checkTopology(value: unknown): { topology: Topology | undefined; issues: PathIssue[] } {
  const strict = topologySchema(true).safeParse(value);
  if (strict.success) {
    const topology = plain(strict.data);
    const issues = validateTopology(topology);
    return { topology: issues.length === 0 ? topology : undefined, issues };
  }
  const issues = strict.error.issues.flatMap(fromZod);
  const loose = topologySchema(false).safeParse(value);
  if (loose.success) issues.push(...validateTopology(plain(loose.data)));
  return { topology: undefined, issues };
}

function fromZod(issue: z.core.$ZodIssue): PathIssue[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"` }));
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined'))
    return [{ path, message: `required ${issue.expected}` }];
  return [{ path, message: issue.message }];
}

// Optional fields come out of zod as `undefined`; the Topology type wants them absent.
function plain(value: unknown): Topology {
  return JSON.parse(JSON.stringify(value)) as Topology;
}

import { fromZodIssues } from '../../applier/config/zod-issues.js';
import type { PathIssue } from './check-issue.js';
import { topologySchema } from './schema.js';
import type { Topology } from './types.js';
import { validateTopology } from './validate-topology.js';

/** Schema then cross-checks; with unknown keys the cross-checks still run on the rest, so all issues show. */
export function checkTopology(value: unknown): { topology: Topology | undefined; issues: PathIssue[] } {
  const schema = topologySchema(true);
  const strict = schema.safeParse(value, { reportInput: true });
  if (strict.success) {
    const topology = plain(strict.data);
    const issues = validateTopology(topology);
    return { topology: issues.length === 0 ? topology : undefined, issues };
  }
  const issues = fromZodIssues(strict.error.issues, {
    schema,
    whole: 'the topology',
    whenEmpty: 'the file is empty; a topology needs at least name, defaultIsp, isps and clients',
  });
  const loose = topologySchema(false).safeParse(value);
  if (loose.success) issues.push(...validateTopology(plain(loose.data)));
  return { topology: undefined, issues };
}

// Optional fields come out of zod as `undefined`; the Topology type wants them absent.
function plain(value: unknown): Topology {
  return JSON.parse(JSON.stringify(value)) as Topology;
}

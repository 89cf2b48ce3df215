import type { ConfigView } from './config-view.js';
import type { PathIssue } from './zod-issues.js';

/** Refuses interfaces the host does not have, since routes and rules on them would fail half-way through apply. */
export function checkInterfaces(view: ConfigView, interfaces: readonly string[]): PathIssue[] {
  const present = new Set(interfaces);
  const listing = [...present].sort().join(', ') || 'none';
  return view.interfaces.flatMap(({ path, name }) =>
    present.has(name)
      ? []
      : [{ path, message: `interface ${name} does not exist on this host (found: ${listing})` }],
  );
}

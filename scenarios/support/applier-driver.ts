import type { Change, Config } from '../../applier/index.js';
import {
  applyHost,
  hostFacts,
  parseConfig,
  planHost,
  readHost,
  removeHost,
  statusHost,
  verifyHost,
} from '../../applier/index.js';
import type { StartedLab } from '../../lab/index.js';
import { applierConfigFor } from '../../lab/index.js';

/** Which fix a scenario applies: the families of uplinks, and whether the LAN's forwards are tracked. */
export type Fix = { readonly families?: readonly (4 | 6)[]; readonly lan?: boolean };

/** The multihome YAML for the lab's topology, exactly as a user would write it for the router. */
export function fixConfigText(lab: StartedLab, fix: Fix): string {
  return applierConfigFor(lab.topology, { families: [...(fix.families ?? [4])], lan: fix.lan ?? false });
}

/** The validated config, checked against the router's own interfaces and tables like the CLI does. */
export function fixConfig(lab: StartedLab, fix: Fix): Promise<Config> {
  return routerConfig(lab, fixConfigText(lab, fix), `${lab.name}/multihome.yaml`);
}

/** A user's own config text, validated against the router like the CLI does. */
export async function routerConfig(lab: StartedLab, text: string, file: string): Promise<Config> {
  const { state, records } = await readHost(lab.runner('router'));
  const facts = hostFacts(state, records.ledger);
  return parseConfig(text, file, facts);
}

/** The changes apply would make now (reads only). */
export async function planFix(lab: StartedLab, fix: Fix): Promise<readonly Change[]> {
  return (await planHost(lab.runner('router'), await fixConfig(lab, fix))).changes;
}

/** Applies the fix through the container runner; returns the changes made. */
export async function applyFix(lab: StartedLab, fix: Fix): Promise<readonly Change[]> {
  return (await applyHost(lab.runner('router'), await fixConfig(lab, fix))).changes;
}

/** Verify's verdict, with one readable line per failed check. */
export async function verifyFix(lab: StartedLab, fix: Fix): Promise<{ ok: boolean; problems: string[] }> {
  const report = await verifyHost(lab.runner('router'), await fixConfig(lab, fix));
  const problems = report.uplinks
    .filter((uplink) => !uplink.ok)
    .flatMap((uplink) =>
      uplink.checks
        .filter((check) => !check.ok)
        .map(
          (check) =>
            `${uplink.name}: \`${check.command}\` → gw ${check.actual.gateway} dev ${check.actual.dev}, expected gw ${uplink.expected.gateway} dev ${uplink.expected.dev}${check.error ? ` (${check.error})` : ''}`,
        ),
    );
  return { ok: report.ok, problems };
}

/** Status: the drift apply would repair now. */
export async function statusFix(lab: StartedLab, _fix: Fix): Promise<{ drift: readonly Change[] }> {
  return { drift: (await statusHost(lab.runner('router'))).drift };
}

/** Removes everything multihome added; a no-op when nothing is applied. */
export async function removeFix(lab: StartedLab, fix: Fix): Promise<void> {
  await removeHost(lab.runner('router'), await fixConfig(lab, fix));
}

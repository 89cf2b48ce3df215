import type { CheckItem } from '../../applier/doctor/check-item.js';
import { missingFor } from '../../applier/doctor/check-item.js';
import type { LabRuntime } from '../lab-types.js';

/** One provisioning step `multihome setup` can take; each has the shell command it amounts to. */
export type SetupStep =
  | { readonly kind: 'apt-install'; readonly packages: readonly string[] }
  | { readonly kind: 'start-dockerd' }
  | { readonly kind: 'build-image' };

/** What setup is asked to make ready: runtimes, and with `tests` the extra tools the test suite uses. */
export type SetupRequest = { readonly runtimes: readonly LabRuntime[]; readonly tests?: boolean };

/**
 * Host tools only the test suite needs: headless Chromium for the HTML report's screenshot test, and
 * the network managers' own tools that check the exports and the service unit.
 */
export const TEST_PACKAGES: readonly { readonly tool: string; readonly pkg: string }[] = [
  { tool: 'chromium', pkg: 'chromium' },
  { tool: 'netplan', pkg: 'netplan.io' },
  { tool: 'systemd-analyze', pkg: 'systemd' },
  { tool: 'nmcli', pkg: 'network-manager' },
  // watch's DHCP kernel test: a real server and client in namespaces.
  { tool: 'dnsmasq', pkg: 'dnsmasq-base' },
  { tool: 'dhclient', pkg: 'isc-dhcp-client' },
];

/** Where dockerd started by setup writes its log. */
export const DOCKERD_LOG = '/var/log/dockerd.log';

/**
 * The steps that make the request's runtimes ready, from the doctor's items (pure): the Debian
 * packages of every missing item (the applier's too for netns, plus debootstrap when the image must
 * be built), dockerd when no engine answers, and the lab image when it is missing.
 * Items that no package fixes (the kernel, Node, root) are left for {@link unfixable}.
 */
export function planSetup(
  items: readonly CheckItem[],
  request: SetupRequest,
  missingTestTools: readonly string[] = [],
): SetupStep[] {
  const missing = new Map<string, CheckItem>();
  for (const runtime of request.runtimes) {
    for (const found of missingFor(items, runtime)) missing.set(found.id, found);
  }
  const byId = new Map(items.map((found) => [found.id, found]));
  const wantsDocker = request.runtimes.includes('docker');
  const image = byId.get('docker.image');
  const imageMissing = wantsDocker && image !== undefined && !image.ok;
  const debootstrap = byId.get('tool.debootstrap');
  if (imageMissing && debootstrap !== undefined && !debootstrap.ok) missing.set(debootstrap.id, debootstrap);

  const packages = new Set<string>();
  for (const found of missing.values()) for (const pkg of found.packages ?? []) packages.add(pkg);
  for (const tool of missingTestTools) packages.add(TEST_PACKAGES.find((t) => t.tool === tool)?.pkg ?? tool);

  const steps: SetupStep[] = [];
  if (packages.size > 0) steps.push({ kind: 'apt-install', packages: [...packages].sort() });
  if (missing.has('docker.engine')) steps.push({ kind: 'start-dockerd' });
  if (imageMissing) steps.push({ kind: 'build-image' });
  return steps;
}

/** Whether a setup step provides a missing item: a package does, or a dockerd to start. */
export function setupProvides(found: CheckItem): boolean {
  return (found.packages ?? []).length > 0 || found.id === 'docker.engine';
}

/** Missing items of the request that no step can fix (no packages): the kernel, Node, root, docker group. */
export function unfixable(items: readonly CheckItem[], request: SetupRequest): CheckItem[] {
  const seen = new Set<string>();
  return request.runtimes
    .flatMap((runtime) => missingFor(items, runtime))
    .filter((found) => !setupProvides(found))
    .filter((found) => !seen.has(found.id) && seen.add(found.id) !== undefined);
}

/**
 * One sentence for the {@link unfixable} items: which runtime needs each, what was found, and how to
 * get it. Root is what a user most often lacks, and no install gives it: the netns lab runs as root.
 */
export function unfixableSentence(blockers: readonly CheckItem[], runtimes: readonly LabRuntime[]): string {
  const needs = blockers.map((found) => {
    const who = runtimes.filter((runtime) => found.neededBy.includes(runtime));
    return `${who.join(' and ')} ${who.length > 1 ? 'need' : 'needs'} ${found.title} (${found.detail})`;
  });
  const advice = blockers.map((found) =>
    found.id === 'privileges'
      ? 'run the netns lab as root, e.g. `sudo multihome lab up --runtime netns`'
      : (found.fix ?? '`multihome doctor` says more'),
  );
  return `${needs.join(' and ')}, which setup cannot install: ${advice.join('; ')}`;
}

/** The shell command a step amounts to, as setup prints it when it may not run it. */
export function stepCommand(step: SetupStep): string {
  switch (step.kind) {
    case 'apt-install':
      return `apt-get install -y ${step.packages.join(' ')}`;
    case 'start-dockerd':
      return `setsid dockerd >>${DOCKERD_LOG} 2>&1 </dev/null &`;
    case 'build-image':
      return 'npm run image   # in a clone; `multihome lab up` also builds it on first use';
  }
}

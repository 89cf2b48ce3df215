import { execFileSync } from 'node:child_process';

/** The three test projects; each needs a little more of the machine than the one before. */
export type ProjectName = 'unit' | 'kernel' | 'lab';

/** Why a project cannot run on this machine, or an empty list when it can. */
export function missingRequirements(project: ProjectName): string[] {
  const missing: string[] = [];
  if (project === 'unit') return missing;
  if (project === 'kernel') {
    if (process.getuid?.() !== 0) missing.push('root (network namespaces need CAP_NET_ADMIN)');
    if (!works('ip', ['netns', 'list'])) missing.push('iproute2 with `ip netns`');
    if (!works('nft', ['--version']))
      missing.push('nftables (`multihome setup --runtime netns` installs it)');
    // The DHCP test of watch runs a real server and client in namespaces.
    if (!works('dnsmasq', ['--version'])) missing.push('dnsmasq (`apt-get install dnsmasq-base`)');
    if (!works('dhclient', ['--version'])) missing.push('ISC dhclient (`apt-get install isc-dhcp-client`)');
    return missing;
  }
  if (!works('docker', ['info', '--format', '{{.ServerVersion}}'])) {
    missing.push('a running Docker engine (`multihome setup --runtime docker` starts one)');
  }
  return missing;
}

function works(file: string, args: string[]): boolean {
  try {
    execFileSync(file, args, { stdio: 'ignore', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/** True when the run is CI's: there a missing requirement fails instead of skipping. */
export const inCi = (): boolean => /^(1|true|yes)$/i.test(process.env.CI ?? '');

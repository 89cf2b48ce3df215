import { findTool, type ProbeContext, readUnderRoot } from '../../applier/doctor/probe-context.js';

/** What setup may do here: install with apt (Debian or Ubuntu with apt-get), and change the system (root). */
export type HostSystem = {
  readonly apt: boolean;
  readonly root: boolean;
  /** `ID` of /etc/os-release, for the message on a system setup does not know. */
  readonly os: string;
};

/** Reads /etc/os-release (under the context's root) and the identity, for {@link runSetup}. */
export async function hostSystem(context: ProbeContext): Promise<HostSystem> {
  const release = (await readUnderRoot(context, 'etc/os-release')) ?? '';
  const field = (name: string) =>
    new RegExp(`^${name}=("?)([^"\\n]*)\\1$`, 'm').exec(release)?.[2]?.toLowerCase() ?? '';
  const family = `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/);
  const apt =
    family.some((id) => id === 'debian' || id === 'ubuntu') &&
    (await findTool(context, 'apt-get')) !== undefined;
  return { apt, root: context.uid === 0, os: field('ID') || 'unknown' };
}

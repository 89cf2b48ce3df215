import { cp, mkdir, rm, stat } from 'node:fs/promises';

/** `/etc/netns/<name>`: `ip netns exec` bind-mounts its entries over /etc inside that namespace. */
export const netnsEtc = (name: string): string => `/etc/netns/${name}`;

/**
 * Gives one namespace its own copy of /etc/iproute2, so the table and protocol names multihome writes
 * under `ip netns exec` stay with that namespace instead of landing on the host.
 */
export async function isolateIproute2(name: string): Promise<void> {
  await mkdir(netnsEtc(name), { recursive: true });
  await cp('/etc/iproute2', `${netnsEtc(name)}/iproute2`, { recursive: true });
}

/** The namespace's identity as multihome keys its ledger (`net:[<inode>]`), or undefined if gone. */
export async function namespaceInode(name: string): Promise<string | undefined> {
  try {
    return String((await stat(`/run/netns/${name}`)).ino);
  } catch {
    return undefined;
  }
}

/**
 * Removes what multihome and the world kept on disk for a namespace that is being deleted: the
 * /etc/netns copy and the ledger under /run/multihome/<inode> (a later namespace may reuse the inode).
 */
export async function forgetNamespaceFiles(name: string, inode: string | undefined): Promise<void> {
  await rm(netnsEtc(name), { recursive: true, force: true });
  if (inode !== undefined) await rm(`/run/multihome/${inode}`, { recursive: true, force: true });
}

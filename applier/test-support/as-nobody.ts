/**
 * `setpriv` arguments that run the command after them as nobody (uid 65534, no groups, no
 * CAP_NET_ADMIN), able to read and traverse any directory (CAP_DAC_READ_SEARCH only, never write):
 * the clone may sit under a directory only root may enter, like a mktemp -d.
 */
export const AS_NOBODY: readonly string[] = [
  '--reuid=65534',
  '--regid=65534',
  '--clear-groups',
  '--inh-caps=+dac_read_search',
  '--ambient-caps=+dac_read_search',
];

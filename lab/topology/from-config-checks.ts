import { contains, inLinkLocalRange, overlaps } from '../../applier/model/address.js';
import type { Config, Uplink } from '../../applier/model/config.js';
import type { PathIssue } from './check-issue.js';

/** The first of `candidates` that overlaps none of `taken`, or undefined when every one does. */
export function pickFree(
  candidates: readonly string[],
  taken: readonly (string | undefined)[],
): string | undefined {
  return candidates.find((cidr) => !taken.some((other) => other !== undefined && overlaps(cidr, other)));
}

// Interface names the lab can give a node's interface (a Linux interface name).
const LAB_INTERFACE = /^[a-zA-Z][a-zA-Z0-9_-]{0,14}$/;

/**
 * The uplinks (and `lan:` entries) a valid config may have but a lab cannot build, each with the reason:
 * addresses that clash with the lab's own internet or LAN addressing, gateways outside the
 * subnet (onlink) or link-local, two uplinks on one network, and interface names a lab cannot give.
 */
export function labAddressingIssues(
  config: Config,
  labPrefixes: readonly (string | undefined)[],
): PathIssue[] {
  const issues = config.uplinks.flatMap((uplink, index) => uplinkIssues(config, uplink, index, labPrefixes));
  config.lan.forEach((name, index) => {
    if (!LAB_INTERFACE.test(name)) issues.push({ path: ['lan', index], message: interfaceReason(name) });
  });
  return issues;
}

function uplinkIssues(
  config: Config,
  uplink: Uplink,
  index: number,
  labPrefixes: readonly (string | undefined)[],
): PathIssue[] {
  const at = (field: string) => ['uplinks', index, field];
  const issues: PathIssue[] = [];
  const clash = labPrefixes.find((cidr) => cidr !== undefined && overlaps(cidr, uplink.network));
  if (clash)
    issues.push({ path: at('address'), message: `${uplink.network} overlaps the lab's own ${clash}` });
  if (inLinkLocalRange(uplink.address))
    issues.push({
      path: at('address'),
      message: `${uplink.address} is link-local; a lab ISP routes a global prefix`,
    });
  if (uplink.family === 6 && inLinkLocalRange(uplink.gateway))
    issues.push({
      path: at('gateway'),
      message: `link-local gateway ${uplink.gateway}: a lab ISP's gateway has an address inside ${uplink.network}; write that one to test the config in a lab`,
    });
  else if (!contains(uplink.network, uplink.gateway))
    issues.push({
      path: at('gateway'),
      message: `gateway ${uplink.gateway} is outside ${uplink.network} (onlink): a lab ISP's gateway sits inside the uplink's prefix`,
    });
  const earlier = config.uplinks.slice(0, index).find((other) => overlaps(other.network, uplink.network));
  if (earlier)
    issues.push({
      path: at('address'),
      message: `${uplink.network} overlaps uplink ${earlier.name}'s ${earlier.network}; the lab gives every uplink its own ISP prefix`,
    });
  if (!LAB_INTERFACE.test(uplink.interface))
    issues.push({ path: at('interface'), message: interfaceReason(uplink.interface) });
  return issues;
}

function interfaceReason(name: string): string {
  return `interface ${name}: a lab interface name is a letter, then letters, digits, _ or - (at most 15)`;
}

import { routeAddLines } from '../apply/ip-lines.js';
import { nftReplaceScript, PROTOS_TEXT } from '../apply/steps.js';
import { protosPath, tableNamesPath } from '../ledger/paths.js';
import type { Family } from '../model/config.js';
import { MAIN_TABLE, MULTIHOME_PROTOCOL } from '../model/constants.js';
import { addressArgs, ruleArgs } from '../plan/iproute-args.js';
import { quote } from '../runner/shell-text.js';
import { sysctlWrites, tableNamesText } from './boot-files.js';
import { type ExportFile, fileHeader } from './export-file.js';
import type { ExportModel } from './export-model.js';

const P = MULTIHOME_PROTOCOL;

// The helpers the script runs with. Each prints `ip -batch` lines; only what differs from the
// kernel is printed, so a second run feeds the batches nothing. Rules and routes of multihome's
// (protocol 77) are found in `ip -N -j` output, one object per line; the pref and the
// destination/table are the only fields read from it.
const HELPERS = `ours_rules() {
	ip -N -j -"$1" rule show | tr '{' '\\n' | sed -n 's/^"priority":\\([0-9]*\\),.*"protocol":"${P}".*/\\1/p'
}
ours_routes() {
	ip -N -j -"$1" route show table all proto ${P} | tr '{' '\\n' | sed -n '/"dst"/{s/^"dst":"\\([^"]*\\)".*"table":"\\([0-9]*\\)".*/\\1 \\2/p;t;s/^"dst":"\\([^"]*\\)".*/\\1 ${MAIN_TABLE}/p;}'
}
# address FAMILY DEV ADDRESS/LEN [ARGS]: adds an address the interface does not have (never replaces one).
address() {
	f=$1 d=$2 a=$3; shift 3
	[ -n "$(ip -o -"$f" address show dev "$d" to "\${a%/*}")" ] || echo "address add $a dev $d $*"
}
# rule FAMILY PREF SELECTOR...: adds the rule, first deleting a different one of multihome's at that pref.
rule() {
	f=$1 p=$2; shift 2
	[ -z "$(ip -"$f" rule show "$@" pref "$p")" ] || return 0
	for q in $(ours_rules "$f"); do [ "$q" != "$p" ] || echo "rule del priority $p protocol ${P}"; done
	echo "rule add $* pref $p protocol ${P}"
}
# stale FAMILY 'PREF...' 'DST TABLE,...': deletes multihome's rules and routes the config does not have.
stale() {
	for q in $(ours_rules "$1"); do
		case " $2 " in *" $q "*) ;; *) echo "rule del priority $q protocol ${P}" ;; esac
	done
	ours_routes "$1" | while read -r dst table; do
		case ",$3," in *",$dst $table,"*) ;; *) echo "route del $dst table $table proto ${P}" ;; esac
	done
}
`;

/**
 * A POSIX sh script that does what apply does, for hosts with no network manager or an if-up.d
 * hook: names protocol 77 and the tables (in rt_tables.d, never appended to rt_tables), sets the
 * sysctls, adds missing addresses, routes and rules with \`ip -batch\`, swaps the nft table, then
 * deletes multihome's leftovers. Idempotent: a second run changes nothing.
 */
export function scriptFile(model: ExportModel): ExportFile {
  const destination = '/usr/local/sbin/multihome-routes (run at boot, or from /etc/network/if-up.d/)';
  const lines = [
    '#!/bin/sh',
    fileHeader('#', destination, model.config.file).trimEnd(),
    'set -eu',
    HELPERS,
    '# Names for `ip` output: protocol 77 and the tables, per network namespace as apply writes them.',
    'mkdir -p /etc/iproute2/rt_protos.d /etc/iproute2/rt_tables.d',
    `nsid=$(stat -L -c %i /proc/self/ns/net)`,
    // The file apply writes, so that `multihome remove` deletes it too.
    `printf '%s' '${PROTOS_TEXT}' > "${protosPath('$nsid')}"`,
    ...namesLines(model),
    ...sysctlLines(model),
    ...([4, 6] as const).flatMap((family) => familyLines(model, family)),
    ...nftLines(model),
    ...([4, 6] as const).flatMap((family) => staleLines(model, family)),
    '',
  ];
  return { name: 'multihome-routes.sh', destination, text: lines.join('\n'), mode: 0o755 };
}

function namesLines(model: ExportModel): string[] {
  const names = tableNamesText(model);
  const path = tableNamesPath('$nsid');
  if (names === null) return [`rm -f "${path}"`];
  return [`cat > "${path}" <<'EOF'`, names.trimEnd(), 'EOF'];
}

function sysctlLines(model: ExportModel): string[] {
  const writes = sysctlWrites(model);
  if (writes.length === 0) return [];
  return [
    '# Reverse-path filtering and marks, as apply sets them.',
    // The path holds an interface's name, which may hold anything but `/`, `:` and blanks.
    ...writes.map((write) => `echo ${quote(write.value)} > ${quote(write.path)}`),
  ];
}

function familyLines(model: ExportModel, family: Family): string[] {
  const addresses = model.addresses.filter((address) => address.family === family);
  const routes = model.routes.filter((route) => route.family === family);
  const rules = model.rules.filter((rule) => rule.family === family);
  if (addresses.length + routes.length + rules.length === 0) return [];
  const lines = [`# IPv${family}: addresses first, then the tables' routes, then the rules that use them.`];
  if (addresses.length > 0) {
    lines.push(
      '{',
      ...addresses.map((address) => {
        const [cidr, , dev, ...rest] = addressArgs(address);
        return `\taddress ${[String(family), dev ?? '', cidr ?? '', ...rest].map(quote).join(' ')}`;
      }),
      `} | ip -${family} -batch -`,
    );
  }
  lines.push('{', `\tcat <<'EOF'`);
  // The very lines apply feeds `ip -batch` (route replace: a second run finds nothing to change).
  lines.push(...routes.flatMap(routeAddLines), 'EOF');
  for (const rule of rules) {
    const selector = ruleArgs(rule).slice(0, ruleArgs(rule).indexOf('pref'));
    lines.push(`\trule ${[String(family), String(rule.priority), ...selector].map(quote).join(' ')}`);
  }
  lines.push(`} | ip -${family} -batch -`);
  return lines;
}

function nftLines(model: ExportModel): string[] {
  const text = nftReplaceScript(model.nftTable?.text ?? null);
  const lines = ["# Connection marks for forwarded traffic: multihome's one nft table, swapped whole."];
  if (model.nftTable === null) {
    lines.push('nft list table inet multihome >/dev/null 2>&1 && nft delete table inet multihome || true');
    return lines;
  }
  return [...lines, "nft -f - <<'EOF'", text.trimEnd(), 'EOF'];
}

function staleLines(model: ExportModel, family: Family): string[] {
  const prefs = model.rules.filter((rule) => rule.family === family).map((rule) => rule.priority);
  const routes = model.routes
    .filter((route) => route.family === family)
    .map((route) => `${route.dst} ${route.table}`);
  return [
    `# Leftovers of multihome's (IPv${family}) that this config does not have, deleted last.`,
    `stale ${family} '${prefs.join(' ')}' '${routes.join(',')}' | ip -${family} -batch -`,
  ];
}

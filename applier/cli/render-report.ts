import { styleText } from 'node:util';
import { formatRoute, formatRule, renderPlan } from '../plan/render.js';
import type { StatusReport } from '../verify/status-host.js';
import type { VerifyReport } from '../verify/verify-host.js';

/** Colour on a TTY only; `hasColors` honours NO_COLOR and FORCE_COLOR. */
export function stdoutHasColor(): boolean {
  return process.stdout.isTTY === true && process.stdout.hasColors?.() === true;
}

/** Styles text for stdout only when it shows colours (a TTY without NO_COLOR), on any Node 22+. */
export function paint(format: 'green' | 'red' | 'yellow' | 'dim' | 'bold', text: string): string {
  return stdoutHasColor() ? styleText(format, text, { validateStream: false }) : text;
}

/** `verify` for humans: one line per check, ✔ or ✖, with what was expected when it disagrees. */
export function renderVerify(report: VerifyReport): string {
  const lines: string[] = [];
  for (const uplink of report.uplinks) {
    for (const check of uplink.checks) {
      const got = `via ${check.actual.gateway ?? '-'} dev ${check.actual.dev ?? '-'}`;
      const want = `via ${uplink.expected.gateway} dev ${uplink.expected.dev}`;
      const by = check.command.replace(/^ip -j -[46] route get /, '');
      lines.push(
        check.ok
          ? `${paint('green', '✔')} ${uplink.name}: ${by} → ${got}`
          : `${paint('red', '✖')} ${uplink.name}: ${by} → ${check.error ?? got}, expected ${want}`,
      );
    }
  }
  const bad = report.uplinks.filter((uplink) => !uplink.ok).length;
  lines.push(
    bad === 0
      ? 'All uplinks answer through their own gateway.'
      : `${bad} of ${report.uplinks.length} uplinks do not.`,
  );
  return lines.join('\n');
}

/** `status` for humans: what multihome owns here, then the drift as plan lines. */
export function renderStatus(report: StatusReport): string {
  const lines: string[] = [];
  const owned = report.owned;
  lines.push(
    report.configFile === null
      ? 'multihome manages nothing in this network namespace.'
      : `Managed by multihome, last applied: ${report.configFile}`,
  );
  for (const route of owned.routes)
    lines.push(`  route ${route.family === 6 ? '-6 ' : ''}${formatRoute(route)}`);
  for (const rule of owned.rules) lines.push(`  rule ${rule.family === 6 ? '-6 ' : ''}${formatRule(rule)}`);
  if (owned.nftTable) lines.push('  nftables table inet multihome');
  for (const address of owned.addresses)
    lines.push(`  address ${address.address}/${address.prefixLength} dev ${address.interface}`);
  for (const [key, value] of Object.entries(owned.sysctls)) {
    lines.push(`  sysctl ${key} = ${value.current ?? '?'} (was ${value.original})`);
  }
  for (const route of owned.displacedDefaults)
    lines.push(`  displaced default (restored by remove): ${formatRoute(route)}`);
  for (const record of report.pending) {
    const until = record.deadline === null ? '' : `, rolls back at ${record.deadline}`;
    lines.push(`  apply ${record.id}: ${record.state}${until}`);
    if (record.rollbackAlive === false) {
      lines.push(
        paint(
          'red',
          `  WARNING: no rollback process is alive for apply ${record.id}: nothing will roll it back by itself. Run \`multihome confirm\` to keep it; after its deadline any multihome apply, remove or status rolls it back.`,
        ),
      );
    }
  }
  if (report.recovered !== 'none') {
    lines.push(
      paint(
        'yellow',
        report.recovered === 'undone'
          ? 'An apply or remove had been killed halfway; status undid it (the host is as before that run).'
          : report.recovered === 'rolled-back'
            ? 'An `apply --confirm` was past its deadline with no rollback process alive; status rolled it back.'
            : 'An apply had been killed after it finished; status completed it.',
      ),
    );
  }
  if (report.orphans)
    lines.push(paint('yellow', 'multihome objects exist without a ledger: run `multihome remove`.'));
  if (report.drift.length > 0) {
    lines.push(paint('yellow', `Drift: apply would make ${report.drift.length} change(s):`));
    lines.push(renderPlan(report.drift, { color: stdoutHasColor() }));
  } else if (report.configFile !== null) {
    lines.push('No drift.');
  }
  return lines.join('\n');
}

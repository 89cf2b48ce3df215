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
    if (uplink.waiting)
      lines.push(
        `${paint('red', '✖')} ${uplink.name}: interface ${uplink.expected.dev} is not on this host; its replies wait for it`,
      );
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
  for (const check of report.mainDefault ?? []) {
    const got = check.actual.join(' + ') || 'none';
    lines.push(
      check.ok
        ? `${paint('green', '✔')} main default (IPv${check.family}) ${got}, as the watch's health state wants`
        : `${paint('red', '✖')} main default (IPv${check.family}) ${got}, the watch's health state wants ${check.expected.join(' + ')}`,
    );
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
  for (const route of report.strangers.routes)
    lines.push(
      paint(
        'yellow',
        `  not multihome's (tagged 77, not in its ledger; left alone): route ${formatRoute(route)}`,
      ),
    );
  for (const rule of report.strangers.rules)
    lines.push(
      paint(
        'yellow',
        `  not multihome's (tagged 77, not in its ledger; left alone): rule ${formatRule(rule)}`,
      ),
    );
  for (const drift of report.labelDrift) {
    lines.push(
      paint(
        'yellow',
        `Label drift: ${drift.uplink}'s address carries label ${drift.found ?? '(none)'}, the config says ${drift.want ?? '(none)'}; \`multihome remove\` then \`apply\` puts it right.`,
      ),
    );
  }
  if (report.deadLedgers.length > 0) {
    lines.push(
      paint(
        'yellow',
        `Ledgers of deleted network namespaces are left over (ids ${report.deadLedgers.join(', ')}): \`multihome remove --stale\` clears them.`,
      ),
    );
  }
  if (report.recoveryProblem !== undefined) lines.push(paint('red', report.recoveryProblem));
  if (report.recovered !== 'none') {
    lines.push(
      paint(
        'yellow',
        report.recovered === 'undone'
          ? 'An apply or remove had been killed halfway; status undid it (the host is as before that run).'
          : report.recovered === 'rolled-back'
            ? 'An `apply --confirm` was past its deadline with no rollback process alive; status rolled it back.'
            : report.recovered === 'adopted'
              ? 'An apply or remove had not finished and could not be undone; status took its objects into the ledger.'
              : 'An apply had been killed after it finished; status completed it.',
      ),
    );
  }
  if (report.orphans)
    lines.push(paint('yellow', 'multihome objects exist without a ledger: run `multihome remove`.'));
  lines.push(...renderWatch(report));
  if (report.waiting.length > 0) {
    const names = report.waiting.map((entry) => `${entry.uplink} (${entry.interface})`).join(', ');
    lines.push(paint('yellow', `Waiting for interfaces this host does not have: ${names}.`));
  }
  if (report.drift.length > 0) {
    lines.push(paint('yellow', `Drift: apply would make ${report.drift.length} change(s):`));
    lines.push(renderPlan(report.drift, { color: stdoutHasColor() }));
  } else if (report.configFile !== null) {
    lines.push('No drift.');
  }
  return lines.join('\n');
}

// The watch part of status: running or not, each checked uplink's health, the main default, the last events.
function renderWatch(report: StatusReport): string[] {
  const lines: string[] = [];
  for (const family of ['4', '6'] as const) {
    const hops = report.mainDefault[family];
    if (hops.length > 0) lines.push(`Main default (IPv${family}): ${hops.join(' + ')}`);
  }
  const watch = report.watch;
  if (watch === null) return lines;
  lines.push(
    watch.running
      ? `Watch running since ${watch.startedAt} (pid ${watch.pid}) for ${watch.configFile}`
      : paint('yellow', `No watch running (the last one, pid ${watch.pid}, watched ${watch.configFile})`),
  );
  for (const [name, health] of Object.entries(watch.health)) {
    lines.push(
      `  ${name}: ${health.state === 'up' ? paint('green', 'up') : paint('red', 'down')} since ${health.since}`,
    );
  }
  if (watch.events.length > 0) lines.push('Last events:');
  for (const event of watch.events) lines.push(`  ${event.at} ${event.kind} ${event.message}`);
  return lines;
}

import type { StartedLab } from '../../lab/index.js';
import { familiesOf, lansOf } from '../../lab/index.js';
import { applyFix } from '../support/applier-driver.js';
import { routerCli, writeRouterFile } from '../support/router-cli.js';
import type { FixPlan } from './test-inputs.js';

/** What the fix did, for the report: the JSON's `fix`. */
export type FixOutcome = {
  readonly kind: FixPlan['kind'];
  /** The config or script file, when one was given. */
  readonly file?: string;
  /** True when the fix ran to completion (apply exited 0, the script exited 0 in time). */
  readonly ok: boolean;
  readonly exitCode?: number;
  readonly timedOut?: boolean;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly ms: number;
};

/** The progress line of a failed fix: its exit code, and its stderr only when it wrote some. */
export function fixFailedLine(fix: FixOutcome): string {
  const stderr = (fix.stderr ?? '').trim();
  return `the fix failed (exit ${fix.exitCode ?? '?'})${stderr === '' ? '' : `: ${stderr}`}`;
}

// /run is the router's own on both runtimes (a netns router shares the host's /etc and /tmp).
const CONFIG_IN_ROUTER = '/run/multihome-test.yaml';
const SCRIPT_IN_ROUTER = '/run/multihome-test-fix.sh';

/**
 * Applies the fix inside the router: the topology's own multihome config through the applier (as the demo
 * does); the user's config through the real `multihome apply` run in the router; or the user's script, as
 * root, under `timeout` so a hanging script is stopped and reported.
 */
export async function applyTestFix(lab: StartedLab, fix: FixPlan): Promise<FixOutcome> {
  const began = performance.now();
  const ms = () => Math.round(performance.now() - began);
  switch (fix.kind) {
    case 'none':
      return { kind: 'none', ok: true, ms: 0 };
    case 'derived': {
      const changes = await applyFix(lab, {
        families: familiesOf(lab.topology),
        lan: lansOf(lab.topology).length > 0,
      });
      return { kind: 'derived', ok: true, stdout: `${changes.length} changes applied\n`, ms: ms() };
    }
    case 'config': {
      await writeRouterFile(lab, CONFIG_IN_ROUTER, fix.text);
      const result = await routerCli(lab, ['apply', '-c', CONFIG_IN_ROUTER]);
      return {
        kind: 'config',
        file: fix.file,
        ok: result.exitCode === 0,
        exitCode: result.exitCode,
        stdout: result.stdout,
        stderr: result.stderr,
        ms: ms(),
      };
    }
    case 'script': {
      await writeRouterFile(lab, SCRIPT_IN_ROUTER, fix.text);
      const seconds = String(fix.timeoutSeconds);
      const argv = [...interpreterOf(fix.text), SCRIPT_IN_ROUTER];
      const result = await lab.exec('router', ['timeout', '-k', '2', seconds, ...argv], {
        timeoutMs: (fix.timeoutSeconds + 10) * 1000,
      });
      const timedOut = result.exitCode === 124 || result.exitCode === 137;
      return {
        kind: 'script',
        file: fix.file,
        ok: result.exitCode === 0,
        exitCode: result.exitCode,
        timedOut,
        stdout: result.stdout,
        stderr: timedOut ? `${result.stderr}stopped after ${seconds} s (--script-timeout)\n` : result.stderr,
        ms: ms(),
      };
    }
  }
}

/**
 * The script's `#!` interpreter (`/bin/bash`, `/usr/bin/env bash`), or sh. The script is handed to it
 * rather than executed, so a noexec /run does not matter.
 */
export function interpreterOf(text: string): string[] {
  const shebang = /^#!\s*(\S.*)$/m.exec(text.split('\n')[0] ?? '');
  return shebang?.[1] ? shebang[1].trim().split(/\s+/) : ['sh'];
}

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { type CheckItem, missingFor } from '../../applier/doctor/check-item.js';
import { findTool, hostContext } from '../../applier/doctor/probe-context.js';
import { isAlive } from '../../applier/process-alive.js';
import { ensureLabImage } from '../../docker/ensure-image.js';
import { LabError } from '../errors.js';
import { doctorItems } from '../runtime/doctor.js';
import type { LabProbeContext } from '../runtime/lab-checks.js';
import { hostSystem } from './host-system.js';
import {
  DOCKERD_LOG,
  planSetup,
  type SetupRequest,
  type SetupStep,
  stepCommand,
  TEST_PACKAGES,
  unfixable,
  unfixableSentence,
} from './setup-plan.js';

/** Options of {@link runSetup}: where to probe (default: this host) and where each logged line goes. */
export type SetupOptions = {
  readonly context?: LabProbeContext;
  readonly log?: (line: string) => void;
  /** How long to wait for a started dockerd to answer (default 60 s). */
  readonly engineDeadlineMs?: number;
  /** dockerd's log file (default /var/log/dockerd.log). */
  readonly dockerdLog?: string;
};

/** What setup did: the steps it took or only printed, and the exit code the command should end with. */
export type SetupReport = {
  readonly steps: readonly SetupStep[];
  readonly ran: boolean;
  readonly exitCode: 0 | 1 | 2;
  readonly items: readonly CheckItem[];
  /** The error of the step that failed and ended the set-up (exit 1), when one did. */
  readonly failure?: Error;
};

/**
 * `multihome setup`: checks what the request needs (the doctor's items), then, as root on Debian or
 * Ubuntu, installs the missing packages, starts dockerd in the background and builds the lab image,
 * logging each step with its time. Without root it prints the commands and changes nothing (exit 2);
 * on a system without apt it prints what to install (exit 2).
 */
export async function runSetup(request: SetupRequest, options: SetupOptions = {}): Promise<SetupReport> {
  const context = options.context ?? hostContext();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const say = (line: string) => log(`[setup ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const wanted = request.runtimes.join(' and ');
  const items = await doctorItems(context);
  const testTools = request.tests
    ? await missingTools(
        context,
        TEST_PACKAGES.map((t) => t.tool),
      )
    : [];
  const steps = planSetup(items, request, testTools);
  const blockers = unfixable(items, request);
  // What no step can provide is said once, with how to get it; "nothing to set up" after it read as
  // if all was well.
  if (blockers.length > 0) say(unfixableSentence(blockers, request.runtimes));
  if (steps.length === 0) {
    if (blockers.length === 0) say(`nothing to set up for ${wanted}: every check passes`);
    return { steps, ran: false, exitCode: blockers.length === 0 ? 0 : 2, items };
  }
  const system = await hostSystem(context);
  if (!system.apt || !system.root) {
    const why = !system.apt
      ? `this is ${system.os}, not Debian or Ubuntu with apt-get; install the equivalents of these and start the engine`
      : 'not root, so nothing was changed; run these as root (or `sudo multihome setup`)';
    say(`${wanted} ${request.runtimes.length > 1 ? 'need' : 'needs'} set-up: ${why}:`);
    for (const step of steps) log(`  ${stepCommand(step)}`);
    return { steps, ran: false, exitCode: 2, items };
  }
  for (const step of steps) {
    const failed = await timed(say, describeStep(step), () => runStep(step, context, options, say));
    // A failed step ends the set-up (a later one may need it); the command exits 1 and says why.
    if (failed !== undefined)
      return { steps, ran: true, exitCode: 1, items: await doctorItems(context), failure: failed };
  }
  const after = await doctorItems(context);
  const still = [...new Set(request.runtimes.flatMap((runtime) => missingFor(after, runtime)))];
  say(
    still.length === 0
      ? `${wanted}: ready`
      : `${wanted}: still missing ${still.map((found) => found.title).join(', ')}`,
  );
  return { steps, ran: true, exitCode: still.length === 0 ? 0 : 1, items: after };
}

function describeStep(step: SetupStep): string {
  if (step.kind === 'apt-install') return `installing ${step.packages.join(' ')} with apt-get`;
  return step.kind === 'start-dockerd' ? 'starting dockerd in the background' : 'building the lab image';
}

/** Runs one step between two logged lines with its time; returns the failure, if any. */
async function timed(
  say: (line: string) => void,
  what: string,
  work: () => Promise<string>,
): Promise<Error | undefined> {
  const started = performance.now();
  const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  say(`==> ${what}`);
  try {
    say(`<== ${what}: ${await work()} (${took()})`);
    return undefined;
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    say(`<== ${what}: FAILED after ${took()}: ${failure.message.trim()}`);
    return failure;
  }
}

async function runStep(
  step: SetupStep,
  context: LabProbeContext,
  options: SetupOptions,
  say: (line: string) => void,
): Promise<string> {
  // zx loads on first use, like dockerode: importing the lab must stay light.
  const { $ } = await import('zx/core');
  const shell = $({
    env: { ...process.env, PATH: context.path, DEBIAN_FRONTEND: 'noninteractive' },
    quiet: true,
  });
  switch (step.kind) {
    case 'apt-install': {
      // An apt that was never updated knows no packages; update first then, else only on a miss.
      if (!(await hasPackageLists(context.root))) await shell`apt-get update -qq`;
      const first = await shell`apt-get install -y -qq ${step.packages}`.nothrow();
      if (first.exitCode !== 0) {
        say(
          `apt-get install failed (${first.stderr.trim().split('\n').at(-1) ?? ''}); running apt-get update first`,
        );
        await shell`apt-get update -qq`;
        await shell`apt-get install -y -qq ${step.packages}`;
      }
      return `installed ${step.packages.join(', ')}`;
    }
    case 'start-dockerd': {
      const logFile = options.dockerdLog ?? DOCKERD_LOG;
      // A dockerd that runs but is slow to answer (a busy machine) is waited for, never doubled.
      const running = await runningDockerd(context.root);
      if (running === undefined) await shell`setsid dockerd >>${logFile} 2>&1 </dev/null &`;
      else say(`dockerd is running (pid ${running}) but did not answer yet; waiting for it`);
      const waited = await waitForEngine(
        context.docker ?? new (await import('dockerode')).default(),
        options.engineDeadlineMs ?? 60_000,
      );
      if (waited === undefined) {
        const tail = await shell`tail -n 20 ${logFile}`.nothrow();
        throw new LabError(
          'DOCKER_UNAVAILABLE',
          `dockerd did not answer within ${(options.engineDeadlineMs ?? 60_000) / 1000} s; ${logFile} ends:\n${tail.stdout}`,
          { source: 'system' },
        );
      }
      return `dockerd started (log: ${logFile}); the engine answered after ${(waited / 1000).toFixed(1)} s`;
    }
    case 'build-image': {
      const image = await ensureLabImage({
        ...(context.docker ? { docker: context.docker } : {}),
        log: (line) => say(`  ${line}`),
      });
      return `${image.tag} ${image.source === 'cached' ? 'was present' : `built by the ${image.source} path`}`;
    }
  }
}

async function waitForEngine(docker: Docker, deadlineMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < deadlineMs) {
    if (
      await docker.ping().then(
        () => true,
        () => false,
      )
    )
      return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

async function runningDockerd(root: string): Promise<number | undefined> {
  const pid = Number((await readFile(join(root, 'var/run/docker.pid'), 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

async function hasPackageLists(root: string): Promise<boolean> {
  const lists = await readdir(join(root, 'var/lib/apt/lists')).catch(() => [] as string[]);
  return lists.some((name) => name.endsWith('_Packages') || name.includes('_Packages.'));
}

async function missingTools(context: LabProbeContext, tools: readonly string[]): Promise<string[]> {
  const found = await Promise.all(tools.map(async (tool) => [tool, await findTool(context, tool)] as const));
  return found.filter(([, path]) => path === undefined).map(([tool]) => tool);
}

import { existsSync } from 'node:fs';
import { MultihomeError } from '../errors.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { LocalRunner } from '../runner/local-runner.js';
import { NamespaceRunner } from '../runner/namespace-runner.js';

/** The runner for `--netns NAME` (a named namespace), or this host's namespace without it. */
export function runnerFor(netns: string | undefined): CommandRunner {
  if (netns === undefined) return new LocalRunner();
  // `.` and `..` would name /run/netns itself or /run, which exist: they are no namespace names.
  if (netns === '.' || netns === '..' || !/^[\w.-]+$/.test(netns)) {
    throw new MultihomeError('USAGE', `--netns ${netns}: not a network namespace name`, { source: 'user' });
  }
  if (!existsSync(`/run/netns/${netns}`)) {
    throw new MultihomeError('USAGE', `--netns ${netns}: no such network namespace (see \`ip netns list\`)`, {
      source: 'user',
    });
  }
  return new NamespaceRunner(netns);
}

/** Parses `--confirm SECONDS`/`--after SECONDS`: a whole number of seconds, at least 1. */
export function parseSeconds(option: string, value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 86_400) {
    throw new MultihomeError('USAGE', `${option} wants whole seconds between 1 and 86400, not "${value}"`, {
      source: 'user',
    });
  }
  return seconds;
}

/** Parses `--wait SECONDS`: whole seconds from 0 (do not wait) to a day; absent means the default. */
export function parseWait(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds > 86_400) {
    throw new MultihomeError('USAGE', `--wait wants whole seconds between 0 and 86400, not "${value}"`, {
      source: 'user',
    });
  }
  return seconds;
}

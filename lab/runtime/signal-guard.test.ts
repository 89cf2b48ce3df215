import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { typescriptArgv } from '../../applier/test-support/typescript-argv.js';
import { guardLab, holdSignals } from './signal-guard.js';

const child = fileURLToPath(new URL('../test-support/signal-hold-child.ts', import.meta.url));

describe('signal guard', () => {
  it('holds the handlers before any lab exists, and only while held or guarded', () => {
    const before = process.listenerCount('SIGINT');
    const release = holdSignals();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    const unguard = guardLab(async () => {});
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    release();
    release();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    unguard();
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s while held, with no lab yet and children coming and going, exits %i at once',
    async (signal, code) => {
      const [node = process.execPath, ...args] = typescriptArgv(child);
      const proc = spawn(node, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      proc.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const held = new Promise<void>((resolve) =>
        proc.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('held\n')) resolve();
        }),
      );
      const exited = once(proc, 'exit');
      await held;
      proc.kill(signal);
      const [exitCode] = await exited;
      expect({ exitCode, stdout, stderr }).toEqual({
        exitCode: code,
        stdout: 'held\n',
        stderr: `multihome: ${signal}: no lab made yet, exiting\n`,
      });
    },
  );
});

import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor, MultihomeError } from '../errors.js';
import { configFile, EXPORT_CONFIG } from '../export/test-support/configs.js';
import { registerExportCommands } from './export-commands.js';
import { cliArgv } from './test-support/run-cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `multihome export …` in-process; returns what it printed and the error it threw, if any. */
async function exportCli(args: readonly string[]): Promise<{ out: string; error: unknown }> {
  let out = '';
  const program = new Command('multihome').exitOverride();
  registerExportCommands(program, { print: (text) => (out += `${text}\n`), spawnRollback: () => undefined });
  try {
    await program.parseAsync(['export', ...args], { from: 'user' });
    return { out, error: undefined };
  } catch (error) {
    return { out, error };
  }
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mh-export-cli-'));
  dirs.push(dir);
  return dir;
}

describe('multihome export', () => {
  it('-o writes the files with their modes and says where each goes', async () => {
    const dir = tempDir();
    const run = await exportCli(['-c', configFile(EXPORT_CONFIG), '--format', 'script', '-o', dir]);
    expect(run.error).toBeUndefined();
    expect(run.out).toContain(`Wrote to ${dir}:`);
    expect(run.out).toMatch(/multihome-routes\.sh +→ \/usr\/local\/sbin\/multihome-routes/);
    expect(statSync(join(dir, 'multihome-routes.sh')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, 'multihome-routes.sh'), 'utf8')).toMatch(/^#!\/bin\/sh\n/);
  });

  it('without -o prints every file and, as comments, where it goes', async () => {
    const run = await exportCli(['-c', configFile(EXPORT_CONFIG), '--format', 'networkd']);
    expect(run.error).toBeUndefined();
    expect(run.out).toContain('==> networkd.conf.d/60-multihome.conf <==');
    expect(run.out).toContain('#   sysctl.d/60-multihome.conf');
  });

  it('--check: up to date, then stale with the differing lines (exit 1)', async () => {
    const dir = tempDir();
    const config = configFile(EXPORT_CONFIG);
    await exportCli(['-c', config, '--format', 'networkd', '-o', dir]);
    const current = await exportCli(['--check', '-c', config, '--format', 'networkd', dir]);
    expect(current.error).toBeUndefined();
    expect(current.out).toContain('up to date');

    writeFileSync(config, EXPORT_CONFIG.replace('gateway: 10.201.1.2', 'gateway: 10.201.1.3'));
    const stale = await exportCli(['--check', '-c', config, '--format', 'networkd', dir]);
    expect(stale.error).toBeInstanceOf(MultihomeError);
    expect((stale.error as MultihomeError).code).toBe('EXPORT_STALE');
    expect(exitCodeFor(stale.error)).toBe(1);
    expect(stale.out).toContain('network/eth0.network.d/60-multihome.conf: differs');
    expect(stale.out).toContain('  - Gateway=10.201.1.2');
    expect(stale.out).toContain('  + Gateway=10.201.1.3');
  });

  it('-o again after the config dropped an interface and lan deletes what it no longer makes, so --check passes', async () => {
    const dir = tempDir();
    const config = configFile(EXPORT_CONFIG);
    await exportCli(['-c', config, '--format', 'networkd', '-o', dir]);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    // Another format's export in the same directory is not this one's to delete.
    await exportCli(['-c', configFile(EXPORT_CONFIG), '--format', 'script', '-o', dir]);
    const eth0Only = EXPORT_CONFIG.replace(/ {2}- name: c\n[\s\S]*?(?=default:)/, '').replace(
      'lan: [eth2]\n',
      '',
    );
    writeFileSync(config, eth0Only);

    const again = await exportCli(['-c', config, '--format', 'networkd', '-o', dir]);
    expect(again.error).toBeUndefined();
    expect(again.out).toContain('Removed:\n  network/eth1.network.d/60-multihome.conf');
    expect(again.out).toContain('  nftables.d/multihome.nft');
    expect(readdirSync(join(dir, 'network'))).toEqual(['eth0.network.d']);
    expect(readdirSync(dir).sort()).toEqual(
      ['iproute2', 'multihome-routes.sh', 'network', 'networkd.conf.d', 'notes.txt', 'sysctl.d'].sort(),
    );
    rmSync(join(dir, 'multihome-routes.sh'));
    expect((await exportCli(['--check', '-c', config, '--format', 'networkd', dir])).error).toBeUndefined();
  });

  it('refuses what it cannot do with exit 2: an inexpressible config, --check without a directory', async () => {
    const netplan = await exportCli([
      '-c',
      configFile(EXPORT_CONFIG),
      '--format',
      'netplan',
      '-o',
      tempDir(),
    ]);
    expect(exitCodeFor(netplan.error)).toBe(2);
    expect(String(netplan.error)).toContain('→ at lan');
    const noDir = await exportCli(['--check', '-c', configFile(EXPORT_CONFIG), '--format', 'nm']);
    expect(exitCodeFor(noDir.error)).toBe(2);
    expect(String(noDir.error)).toContain('needs the directory');
  });

  it('names a directory argument that is missing or a file (exit 2, nothing written), never a stack trace', async () => {
    const missing = join(tempDir(), 'nothing-here');
    const check = await exportCli(['--check', '-c', configFile(EXPORT_CONFIG), '--format', 'nm', missing]);
    expect(exitCodeFor(check.error)).toBe(2);
    expect(String(check.error)).toContain(`export --check: ${missing} is not a directory (missing)`);

    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'mine\n');
    const output = await exportCli(['-c', configFile(EXPORT_CONFIG), '--format', 'script', '-o', file]);
    expect(exitCodeFor(output.error)).toBe(2);
    expect(String(output.error)).toContain(`export -o ${file}: it is a file, not a directory`);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('-o refuses a file of an exported name that an export did not write (exit 2, nothing written)', async () => {
    const dir = tempDir();
    const config = configFile(EXPORT_CONFIG);
    // The admin's own sysctl file, by chance of the name the export uses.
    mkdirSync(join(dir, 'sysctl.d'));
    const theirs = join(dir, 'sysctl.d/60-multihome.conf');
    writeFileSync(theirs, 'net.ipv4.ip_forward = 1\n');
    const refused = await exportCli(['-c', config, '--format', 'networkd', '-o', dir]);
    expect(exitCodeFor(refused.error)).toBe(2);
    expect((refused.error as Error).message).toBe(
      `export -o ${dir}: ${theirs} is already there and was not written by multihome export (it has no "Generated by \`multihome export\`" line); move it away or export into another directory; nothing was written`,
    );
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(['sysctl.d', 'sysctl.d/60-multihome.conf']);
    expect(readFileSync(theirs, 'utf8')).toBe('net.ipv4.ip_forward = 1\n');
    // Its own earlier export is replaced as before.
    rmSync(theirs);
    expect((await exportCli(['-c', config, '--format', 'networkd', '-o', dir])).error).toBeUndefined();
    expect((await exportCli(['-c', config, '--format', 'networkd', '-o', dir])).error).toBeUndefined();
  });

  it("--check refuses a FIFO under an exported name at once (exit 2, naming it), and skips one of the user's", {
    timeout: 5000,
  }, async () => {
    const dir = tempDir();
    const config = configFile(EXPORT_CONFIG);
    await exportCli(['-c', config, '--format', 'networkd', '-o', dir]);
    execFileSync('mkfifo', [join(dir, 'notes.fifo')]);
    symlinkSync('/nonexistent', join(dir, 'dangling'));
    const check = () => exportCli(['--check', '-c', config, '--format', 'networkd', dir]);
    expect((await check()).error).toBeUndefined();

    const exported = join(dir, 'sysctl.d/60-multihome.conf');
    rmSync(exported);
    execFileSync('mkfifo', [exported]);
    const fifo = await check();
    expect(exitCodeFor(fifo.error)).toBe(2);
    expect(String(fifo.error)).toContain(`exported file ${exported} (--check) is a FIFO, not a regular file`);
  });

  it('-o that cannot be written: one sentence naming the path (exit 2), and no file written', {
    timeout: 10_000,
  }, async () => {
    const dir = tempDir();
    const config = configFile(EXPORT_CONFIG);
    const written = (args: string[]) => exportCli(['-c', config, ...args]);
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'mine\n');
    // ENOTDIR, EEXIST halfway through (4 of 6 files were written), procfs (mkdir -p loops) and sysfs (EPERM).
    const cases: [string, string][] = [
      [join(good, 'sub'), `${good} is a file, not a directory`],
      [join(dir, 'px'), `${join(dir, 'px/sysctl.d')} is a file, not a directory`],
      ['/sys/nope', '/sys/nope is under /sys, a kernel file system; name a directory on disk'],
    ];
    mkdirSync(join(dir, 'px'));
    writeFileSync(join(dir, 'px/sysctl.d'), '');
    for (const [output, reason] of cases) {
      const run = await written(['--format', 'networkd', '-o', output]);
      expect(run.error).toBeInstanceOf(MultihomeError);
      expect(exitCodeFor(run.error)).toBe(2);
      expect((run.error as Error).message).toBe(`export -o ${output}: ${reason}; nothing was written`);
    }
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(['good.yaml', 'px', 'px/sysctl.d']);
  });

  // In its own process with a timeout: Node's recursive mkdirSync loops forever on procfs, in-process
  // that would hang the test run where no test timeout can stop it.
  it('-o under /proc is refused at once, not made with mkdir -p', () => {
    const [node, ...args] = cliArgv([
      'export',
      '-c',
      configFile(EXPORT_CONFIG),
      '--format',
      'script',
      '-o',
      '/proc/nope',
    ]);
    const run = spawnSync(node ?? 'node', args, { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe(
      'multihome: export -o /proc/nope: /proc/nope is under /proc, a kernel file system; name a directory on disk; nothing was written\n',
    );
    expect(run.status).toBe(2);
  });
});

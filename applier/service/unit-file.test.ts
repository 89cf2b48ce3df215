import { describe, expect, it } from 'vitest';
import { execWord, unitFile } from './unit-file.js';

const cli = ['/usr/bin/node', '/opt/multihome/dist/cli.js'];

describe('unitFile', () => {
  it('filters IP for the one-shot apply but not for watch, whose health probes are IP traffic', () => {
    expect(unitFile({ watch: false, cli })).toContain('\nIPAddressDeny=any\n');
    expect(unitFile({ watch: true, cli })).not.toContain('IPAddressDeny');
  });

  it('leaves ExecStart= its Node and CLI where the sandbox would hide them (nvm in ~, a clone in /tmp)', () => {
    const sandbox = (unit: string) =>
      unit.split('\n').filter((line) => /^(ProtectHome|PrivateTmp)=/.test(line));
    expect(sandbox(unitFile({ watch: false, cli }))).toEqual(['ProtectHome=yes', 'PrivateTmp=yes']);
    const nvm = ['/root/.nvm/versions/node/v24.11.0/bin/node', '/usr/lib/node_modules/multihome/dist/cli.js'];
    expect(sandbox(unitFile({ watch: true, cli: nvm }))).toEqual(['ProtectHome=read-only', 'PrivateTmp=yes']);
    const clone = ['/usr/bin/node', '/tmp/multihome/dist/cli.js'];
    expect(sandbox(unitFile({ watch: false, cli: clone }))).toEqual(['ProtectHome=yes', 'PrivateTmp=no']);
    const home = ['/home/ann/.nvm/bin/node', '/var/tmp/mh/dist/cli.js'];
    expect(sandbox(unitFile({ watch: false, cli: home }))).toEqual([
      'ProtectHome=read-only',
      'PrivateTmp=no',
    ]);
    expect(sandbox(unitFile({ watch: false, cli: ['/homes/node', '/tmpfiles/cli.js'] }))).toEqual([
      'ProtectHome=yes',
      'PrivateTmp=yes',
    ]);
  });

  it('writes ExecStart= words as systemd reads them back', () => {
    const unit = unitFile({ watch: true, cli: ['/opt/my tools/node', '/opt/100%/cli.js'] });
    expect(unit).toContain(
      'ExecStart="/opt/my tools/node" --max-semi-space-size=1 --optimize-for-size --no-opt --no-maglev --no-sparkplug /opt/100%%/cli.js watch -c /etc/multihome/multihome.yaml\n',
    );
  });
});

describe('execWord', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(execWord('/usr/bin/node')).toBe('/usr/bin/node');
    expect(execWord('a b')).toBe('"a b"');
    expect(execWord('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(execWord('$HOME')).toBe('$$HOME');
    expect(execWord(';')).toBe('";"');
  });
});

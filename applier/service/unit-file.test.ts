import { describe, expect, it } from 'vitest';
import { execWord, unitFile } from './unit-file.js';

const cli = ['/usr/bin/node', '/opt/multihome/dist/cli.js'];

describe('unitFile', () => {
  it('filters IP for the one-shot apply but not for watch, whose health probes are IP traffic', () => {
    expect(unitFile({ watch: false, cli })).toContain('\nIPAddressDeny=any\n');
    expect(unitFile({ watch: true, cli })).not.toContain('IPAddressDeny');
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

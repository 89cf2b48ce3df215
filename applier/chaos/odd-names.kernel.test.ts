import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { disposedAfterEach } from '../apply/test-support/netns-host.js';
import { uncarriedCharacter } from '../config/field-schemas.js';
import { applyHost, ConfigError, exitCodeFor, loadConfigFor, removeHost, verifyHost } from '../index.js';
import { fullSnapshot } from './chaos-support.js';

const host = disposedAfterEach();

// Every printable ASCII character the kernel allows in a name (all but "/", ":" and space), and a
// multi-byte one. Control characters are allowed by the kernel too, but `ip -json` prints them raw,
// which no JSON parser reads: a host with such a link cannot be read at all, so the config check
// refuses them (config unit tests) and they are not created here.
const CHARACTERS = [
  ...Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).filter(
    (char) => char !== '/' && char !== ':',
  ),
  'é',
];

const uplinkYaml = (name: string, index: number) =>
  `  - name: u${index}\n    interface: ${JSON.stringify(name)}\n    label: ${JSON.stringify(`${name}:${index}`)}\n` +
  `    address: 10.93.${index}.2/24\n    gateway: 10.93.${index}.1\n`;

describe('every character Linux allows in an interface name and label', () => {
  it('is carried exactly through apply, verify and remove, or refused with exit 2 and the reason', {
    timeout: 300_000,
  }, async () => {
    const h = host('odd');
    const created: string[] = [];
    for (const char of CHARACTERS) {
      // Names end with a letter (a final "*" is tested on its own below); "x" leads so none is "." or "..".
      const name = `x${char}y`;
      try {
        execFileSync('ip', [
          '-n',
          h.name,
          'link',
          'add',
          name,
          'type',
          'veth',
          'peer',
          'name',
          `p${created.length}`,
        ]);
        execFileSync('ip', ['-n', h.name, 'link', 'set', name, 'up']);
        created.push(name);
      } catch {
        // The kernel refuses it (for example "%", which it reads as a name pattern): not a legal name.
      }
    }
    execFileSync('ip', ['-n', h.name, 'link', 'add', 'xy*', 'type', 'veth', 'peer', 'name', 'pstar']);
    created.push('xy*');
    expect(created.length).toBeGreaterThan(85);
    const carried = created.filter((name) => uncarriedCharacter(name) === null);
    const refused = created.filter((name) => uncarriedCharacter(name) !== null);
    expect(refused.sort()).toEqual(['x"y', 'x#y', 'xy*'].sort());

    const before = fullSnapshot(h);
    // Uplinks on every carried name (with labels), and one of them as the LAN, so nft carries names too.
    const lanName = carried[0] ?? 'eth2';
    const uplinks = carried.slice(1);
    for (let from = 0; from < uplinks.length; from += 30) {
      const batch = uplinks.slice(from, from + 30);
      const yaml = `uplinks:\n${batch.map((name, i) => uplinkYaml(name, from + i)).join('')}lan: [${JSON.stringify(lanName)}]\n`;
      writeFileSync(h.configPath, yaml);
      const config = await loadConfigFor(h.runner, h.configPath);
      const applied = await applyHost(h.runner, config);
      expect(applied.changes.length).toBeGreaterThan(0);
      const report = await verifyHost(h.runner, config);
      expect(report.uplinks.filter((uplink) => !uplink.ok)).toEqual([]);
      const shown = h.sh(['ip', '-j', '-4', 'address', 'show']);
      for (const [i, name] of batch.entries()) {
        expect(shown).toContain(JSON.stringify(`${name}:${from + i}`).slice(1, -1));
      }
      expect(h.sh(['nft', 'list', 'table', 'inet', 'multihome'])).toContain(`iifname "${lanName}"`);
      await removeHost(h.runner);
      expect(fullSnapshot(h)).toEqual(before);
    }

    for (const name of refused) {
      writeFileSync(h.configPath, `uplinks:\n${uplinkYaml(name, 0)}`);
      const error = await loadConfigFor(h.runner, h.configPath).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect(exitCodeFor(error)).toBe(2);
      expect((error as ConfigError).message).toContain(uncarriedCharacter(name) ?? 'reason');
    }
    expect(fullSnapshot(h)).toEqual(before);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDockerfile, parsePackages } from './dockerfile-recipe.js';

describe('parseDockerfile', () => {
  it('takes the suite from FROM and the metadata lines, not RUN or COPY', () => {
    const recipe = parseDockerfile(
      [
        '# comment',
        'FROM debian:bookworm-slim',
        'COPY a /b',
        'RUN apt-get update \\',
        ' && apt-get install -y x',
        'LABEL a="b c"',
        'CMD ["sleep", "infinity"]',
      ].join('\n'),
    );
    expect(recipe).toEqual({
      base: 'debian:bookworm-slim',
      suite: 'bookworm',
      changes: ['LABEL a="b c"', 'CMD ["sleep", "infinity"]'],
    });
  });

  it('accepts a fully qualified debian image', () => {
    expect(parseDockerfile('FROM docker.io/library/debian:trixie AS base\n')).toMatchObject({
      base: 'docker.io/library/debian:trixie',
      suite: 'trixie',
    });
  });

  it('rejects a base that debootstrap cannot reproduce', () => {
    expect(() => parseDockerfile('FROM alpine:3.20\n')).toThrow(/debian:<suite>/);
    expect(() => parseDockerfile('CMD ["x"]\n')).toThrow(/no FROM/);
  });

  it('reads the repository Dockerfile', () => {
    const recipe = parseDockerfile(readFileSync(new URL('./Dockerfile', import.meta.url), 'utf8'));
    expect(recipe.suite).toBe('bookworm');
    expect(recipe.changes).toContain('CMD ["sleep", "infinity"]');
  });
});

describe('parsePackages', () => {
  it('drops comments and blank lines', () => {
    expect(parsePackages('# head\niproute2\n\n  socat # relay\n')).toEqual(['iproute2', 'socat']);
  });

  it('lists every tool the lab needs', () => {
    const packages = parsePackages(readFileSync(new URL('./packages.txt', import.meta.url), 'utf8'));
    expect(packages).toEqual(
      expect.arrayContaining(['iproute2', 'nftables', 'tcpdump', 'socat', 'conntrack']),
    );
  });
});

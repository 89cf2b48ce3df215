import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dockerDir, imageInputsHash, labImageTag, listImageInputs } from './image-inputs.js';

describe('image inputs', () => {
  let copy: string;
  beforeEach(async () => {
    copy = await mkdtemp(join(tmpdir(), 'docker-inputs-'));
    await cp(dockerDir(), copy, { recursive: true });
  });
  afterEach(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('hashes the build inputs and leaves the builder code out', async () => {
    expect(await listImageInputs(copy)).toEqual(expect.arrayContaining(['Dockerfile', 'packages.txt']));
    expect((await listImageInputs(copy)).filter((name) => name.endsWith('.ts'))).toEqual([]);
    expect(await imageInputsHash(copy)).toMatch(/^[0-9a-f]{12}$/);
    expect(await labImageTag(copy)).toBe(await labImageTag());
  });

  it('changes the tag when packages.txt changes', async () => {
    const before = await labImageTag(copy);
    await appendFile(join(copy, 'packages.txt'), 'curl\n');
    expect(await labImageTag(copy)).not.toBe(before);
  });

  it('changes the tag when a new input file appears or the Dockerfile changes', async () => {
    const before = await imageInputsHash(copy);
    await writeFile(join(copy, 'motd'), 'hello\n');
    const withFile = await imageInputsHash(copy);
    expect(withFile).not.toBe(before);
    await appendFile(join(copy, 'Dockerfile'), 'ENV A=1\n');
    expect(await imageInputsHash(copy)).not.toBe(withFile);
  });

  it('keeps the tag when only the TypeScript builder changes', async () => {
    const before = await imageInputsHash(copy);
    await appendFile(join(copy, 'ensure-image.ts'), '// edited\n');
    expect(await imageInputsHash(copy)).toBe(before);
  });
});

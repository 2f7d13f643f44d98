import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLegacyPackage, LEGACY_MEMBER_COLUMNS } from '../../core/demo/generate-legacy-package.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { csvField, writeLegacyPackageCsv } from './write-legacy-package.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('writeLegacyPackageCsv', () => {
  it('writes both files with canonical headers that parse back to the generated rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'legacy-pkg-'));
    dirs.push(dir);
    const pkg = generateLegacyPackage(loadCodeLists(), { seed: 4, provinceCode: '19', memberCount: 3000 });
    const progress: number[] = [];
    const written = await writeLegacyPackageCsv(pkg, dir, {
      progressEvery: 1000,
      onProgress: (n) => progress.push(n),
    });
    expect(written).toMatchObject({ organizations: pkg.organizations.length, members: 3000 });
    expect(progress).toEqual([1000, 2000, 3000, 3000]);

    const memberText = await readFile(written.membersPath, 'utf8');
    expect(memberText.split('\n')[0]).toBe(LEGACY_MEMBER_COLUMNS.join(','));
    const parsedMembers: Record<string, string>[] = parse(memberText, { columns: true });
    expect(parsedMembers).toEqual([...pkg.members]);
    const parsedOrgs: Record<string, string>[] = parse(await readFile(written.organizationsPath, 'utf8'), {
      columns: true,
    });
    expect(parsedOrgs).toEqual(pkg.organizations);
  });

  it('quotes fields as RFC 4180 asks', () => {
    expect(csvField('Nguyễn Văn A')).toBe('Nguyễn Văn A');
    expect(csvField('Thôn 1, Xã A')).toBe('"Thôn 1, Xã A"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('Hưu trí ')).toBe('"Hưu trí "');
  });
});

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase, hasPostgres } from '../../test/db.ts';
import { makeTempDir } from '../../test/fixtures/import/temp-dir.ts';
import { openPostgres } from '../db/client.ts';

/** The command line as a technician runs it (`npm run cli -- …`): a child process, not a TTY. */
const ROOT = new URL('../../', import.meta.url).pathname;
const PACKAGE = join(ROOT, '..', 'shared', 'samples', 's303-small', 'package');
const temp = makeTempDir('cli-');
afterAll(() => temp.remove());

/** Runs the CLI; an env value of null removes that variable (e.g. DATABASE_URL, for the embedded database). */
async function cli(args: string[], env: Record<string, string | null> = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  for (const [key, value] of Object.entries(env)) {
    if (value === null) delete childEnv[key];
    else childEnv[key] = value;
  }
  try {
    const { stdout, stderr } = await promisify(execFile)(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['src/cli/main.ts', ...args],
      { cwd: ROOT, env: childEnv, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const csvRows = (path: string) =>
  parse(readFileSync(path), { columns: true }) as Array<Record<string, string>>;

describe('cli clean', () => {
  it('writes the five files of the batch contract and stays quiet when not on a terminal', async () => {
    const out = temp.path('clean-out');
    const run = await cli(['clean', PACKAGE, '--out', out]);
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(out).sort()).toEqual([
      'duplicates.csv',
      'findings.csv',
      'members.csv',
      'organizations.csv',
      'reconciliation.json',
    ]);
    expect(csvRows(join(out, 'members.csv')).length).toBe(300);
  });

  it('exits non-zero with one clear line on stderr when the input cannot be read', async () => {
    const missing = await cli(['clean', temp.path('no-such-package.zip'), '--out', temp.path('x')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^Cannot read the package/);
    const usage = await cli(['clean', PACKAGE]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--out/);
    const badDb = await cli(['clean', PACKAGE, '--out', temp.path('y'), '--db', 'mysql://x']);
    expect(badDb.code).toBe(2);
    expect(badDb.stderr).toMatch(/PostgreSQL URL/);
  });

  it.skipIf(!hasPostgres)(
    'with --db also moves the package into that PostgreSQL, again without change',
    async () => {
      const database = await createPostgresTestDatabase();
      try {
        const out = temp.path('clean-db-out');
        const first = await cli(['clean', PACKAGE, '--out', out, '--db', database.url]);
        expect(first, first.stderr).toMatchObject({ code: 0, stderr: '' });
        const again = await cli(['clean', PACKAGE, '--out', out, '--db', database.url]);
        expect(again.code, again.stderr).toBe(0);
        const handle = await openPostgres(database.url);
        try {
          const members = await handle.db.selectFrom('members').select('legacy_id').execute();
          expect(members.map((m) => m.legacy_id).sort()).toEqual(
            csvRows(join(out, 'members.csv'))
              .map((m) => m.legacy_id)
              .sort(),
          );
          const runs = await handle.db.selectFrom('import_runs').select(['status']).execute();
          expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
        } finally {
          await handle.close();
        }
      } finally {
        await database.drop();
      }
    },
  );
});

describe('cli import', () => {
  it('shows the mapping in a dry run, with corrections by header, and refuses an unknown header', async () => {
    const dry = await cli(['import', PACKAGE, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/HO_TEN\s+← HO_TEN/);
    expect(dry.stdout).toMatch(/không có dữ liệu nào được ghi/);

    const corrected = await cli(['import', PACKAGE, '--dry-run', '--map', 'dang_vien:ho ten=']);
    expect(corrected.code, corrected.stderr).toBe(0);
    expect(corrected.stdout).toMatch(/\(không ghép, giữ nguyên\)\s+← HO_TEN/);
    expect(corrected.stdout).toMatch(/THIẾU cột bắt buộc: HO_TEN/);

    const unknown = await cli(['import', PACKAGE, '--dry-run', '--map', 'dang_vien:Không có cột này=HO_TEN']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /no column "Không có cột này" in the members file; its columns are: "MA_DANG_VIEN"/,
    );
    const malformed = await cli(['import', PACKAGE, '--dry-run', '--map', 'HO_TEN']);
    expect(malformed.code).toBe(2);
  });

  it('imports into the embedded database with a summary, and a second import changes nothing', async () => {
    const env = { DATA_DIR: temp.path('data'), DATABASE_URL: null };
    const first = await cli(['import', PACKAGE, '--accept-rejected'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Lần nhập #1, tỉnh \d\d: /m);
    expect(first.stdout).toMatch(/Đảng viên: nguồn 300, .*thêm \d+/);
    expect(first.stdout).toMatch(/^Kiểm tra chất lượng #\d+: \d+ lỗi/m);
    expect(existsSync(temp.path('data'))).toBe(true);
    const second = await cli(['import', PACKAGE, '--accept-rejected'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Lần nhập #2/m);
    expect(second.stdout).toMatch(/Đảng viên: nguồn 300, từ chối \d+, thêm 0, cập nhật 0/);
  });
});

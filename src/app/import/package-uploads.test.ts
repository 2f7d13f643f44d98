import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/fixtures/import/temp-dir.ts';
import { removeStaleUploads, removeUpload } from './package-uploads.ts';

const temp = makeTempDir('package-uploads-');
afterAll(() => temp.remove());

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-10T08:00:00Z');

function upload(dir: string, id: string, uploadedAt: string | null): string {
  const path = join(dir, id);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'dang_vien.csv'), 'MA_DANG_VIEN\n');
  if (uploadedAt) writeFileSync(join(path, 'upload.json'), JSON.stringify({ id, uploadedAt }));
  return path;
}

it('removes uploads older than the retention, keeps recent ones and anything that is not an upload', async () => {
  const dir = temp.path('uploads');
  const old = upload(dir, '11111111-1111-4111-8111-111111111111', new Date(NOW - 8 * DAY).toISOString());
  const recent = upload(dir, '22222222-2222-4222-8222-222222222222', new Date(NOW - 2 * DAY).toISOString());
  // An upload whose description was never written (the server stopped mid-upload): aged by the folder.
  const unfinished = upload(dir, '33333333-3333-4333-8333-333333333333', null);
  utimesSync(unfinished, new Date(NOW - 9 * DAY), new Date(NOW - 9 * DAY));
  const foreign = join(dir, 'ghi-chu');
  mkdirSync(foreign);
  utimesSync(foreign, new Date(NOW - 30 * DAY), new Date(NOW - 30 * DAY));

  const removed = await removeStaleUploads(dir, 7 * DAY, NOW);

  expect(removed.sort()).toEqual([
    '11111111-1111-4111-8111-111111111111',
    '33333333-3333-4333-8333-333333333333',
  ]);
  expect([existsSync(old), existsSync(recent), existsSync(unfinished), existsSync(foreign)]).toEqual([
    false,
    true,
    false,
    true,
  ]);
});

it('does nothing when the upload folder does not exist yet, and never leaves it by an odd id', async () => {
  expect(await removeStaleUploads(temp.path('none'), DAY, NOW)).toEqual([]);
  const dir = temp.path('uploads-2');
  const kept = upload(dir, '44444444-4444-4444-8444-444444444444', new Date(NOW).toISOString());
  await removeUpload(dir, '../uploads-2');
  expect(existsSync(kept)).toBe(true);
  await removeUpload(dir, '44444444-4444-4444-8444-444444444444');
  expect(existsSync(kept)).toBe(false);
});

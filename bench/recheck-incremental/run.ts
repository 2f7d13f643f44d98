/**
 * Incremental re-check benchmark (issue 5): on a province of N members (default 1,000,000; build it here or
 * reuse the one bench/recheck kept), saves of single members through the real update path
 * (saveMemberChanges: version check, audit, re-check in the same transaction), alternating a citizen id
 * change (own rules + CITIZEN_ID_DUPLICATE for old and new value) and a status change (chi bộ counts).
 * Prints p50/p95/p99 of the re-check alone and of the whole save (target: re-check p95 < 20 ms).
 *
 *   npx tsx bench/recheck-incremental/run.ts [--members 1000000] [--saves 500] [--reuse <db>] [--drop]
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { Ctx } from '../../src/app/context.ts';
import { saveMemberChanges } from '../../src/app/members/member-operations.ts';
import { loadQualityEnv, recheckMembers } from '../../src/app/quality/check-stored-records.ts';
import { permissionsOf } from '../../src/core/auth/permissions.ts';
import { getMember } from '../../src/db/repos/members.ts';
import { NATIONAL_SCOPE } from '../../src/db/repos/scope.ts';
import { prepareDatabase, psql } from '../recheck/prepare.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    saves: { type: 'string', default: '500' },
    'admin-url': {
      type: 'string',
      default: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    reuse: { type: 'string' },
    drop: { type: 'boolean', default: false },
  },
});
const bench = await prepareDatabase({
  members: Number(values.members),
  adminUrl: values['admin-url'],
  reuse: values.reuse,
});
const db = bench.handle.db;
const ids = psql(bench.url, `SELECT id FROM members TABLESAMPLE SYSTEM (1) LIMIT ${Number(values.saves)}`)
  .trim()
  .split('\n')
  .map(Number);
const ctx: Ctx = {
  db,
  actor: { id: 0, username: 'bench', fullName: 'bench', roles: [2], permissions: permissionsOf([2]) },
  scope: NATIONAL_SCOPE,
  requestId: 'bench',
  log: pino({ level: 'silent' }),
};
ctx.actor.id = null as unknown as number;

const recheckMs: number[] = [];
const saveMs: number[] = [];
let n = 0;
for (const id of ids) {
  const member = await getMember(db, NATIONAL_SCOPE, id);
  const changes =
    n++ % 2 === 0
      ? { citizenId: `0010${String(80 + (n % 10))}${String(100000 + n).padStart(6, '0')}` }
      : { status: member.status === 'CHINH_THUC' ? ('CHUYEN_DI' as const) : ('CHINH_THUC' as const) };
  const started = performance.now();
  await db.transaction().execute(async (tx) => {
    await saveMemberChanges(tx, ctx, id, member.version, changes);
  });
  saveMs.push(performance.now() - started);
  // The re-check alone, once more on the saved state (same queries as inside the save).
  const again = performance.now();
  await db.transaction().execute(async (tx) => {
    await recheckMembers(
      tx,
      {
        memberIds: [id],
        before: [{ citizenId: member.citizenId, partyCardNo: member.partyCardNo, orgId: member.orgId }],
        actorId: null,
      },
      await loadQualityEnv(tx),
    );
  });
  recheckMs.push(performance.now() - again);
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const show = (label: string, xs: number[]) =>
  console.log(
    `${label}: p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms (${xs.length} saves)`,
  );
const members = psql(bench.url, 'SELECT count(*) FROM members').trim();
console.log(`database: ${members} members`);
show('incremental re-check of one save', recheckMs);
show('whole save (update + audit + re-check)', saveMs);
if (values.drop || !values.reuse) await bench.drop();
else await bench.handle.close();

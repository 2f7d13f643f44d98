import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount } from '../../../test/factories.ts';
import { importDeps } from '../../../test/import-helpers.ts';
import type { Tx } from '../../db/client.ts';
import { getQualityRun, insertQualityRun, saveRuleSettingsRow } from '../../db/repos/findings.ts';
import { importPackage } from '../import/import-package.ts';
import {
  applySafeFixesAndCheck,
  judgeMemberChunk,
  judgeWorkerData,
  readMemberChunk,
  startProvinceCheck,
  type JudgedMemberChunk,
} from './check-province.ts';
import { JudgePoolUnavailableError, MemberJudgePool } from './judge-pool.ts';
import { runRecheck } from './recheck-job.ts';

const PACKAGE = new URL('../../../../shared/samples/s303-small/package', import.meta.url).pathname;

/** A judged chunk as plain data (rows by id). */
const plain = (j: JudgedMemberChunk) => ({
  produced: j.produced,
  people: j.people,
  fixes: j.fixes.map((f) => ({ id: f.row.id, fixes: f.fixes })),
});

/** Everything a check writes, without ids and times. */
async function state(tx: Tx) {
  const findings = await sql<Record<string, unknown>>`
    SELECT record_type, record_id, rule, field, severity, status, value, suggested, old_value, undo::text AS undo
    FROM findings ORDER BY record_type, record_id, rule, field`.execute(tx);
  const members = await sql<Record<string, unknown>>`
    SELECT id, version, full_name, gender, birth_date, citizen_id, phone, ethnicity_code, religion, status
    FROM members ORDER BY id`.execute(tx);
  return { findings: findings.rows, members: members.rows };
}

class Rollback extends Error {}

describeEachDriver('member judge workers', (db) => {
  it('judge a chunk exactly as this thread does, with the settings in force', async () => {
    const imported = await importPackage(importDeps(db()), { path: PACKAGE, acceptRejectedRows: false });
    const admin = await makeAccount(db(), { roles: [1], scopeOrgId: null });
    await saveRuleSettingsRow(db().db, {
      referenceDate: '2026-06-30',
      disabledRules: ['PHONE_FORMAT'],
      severityOverrides: { EMAIL_FORMAT: 'error' },
      expectedVersion: 0,
      actorId: Number(admin.id),
    });
    const check = await startProvinceCheck(db().db, imported.provinceCode, {
      applySafeFixes: true,
      actorId: null,
    });
    const { rows } = await readMemberChunk(db().db, check, 0, 1000);
    expect(rows).toHaveLength(300);
    const here = await judgeMemberChunk(check, rows);
    expect(here.produced.length).toBeGreaterThan(0);
    expect(here.fixes.length).toBeGreaterThan(0);
    const pool = new MemberJudgePool(2, judgeWorkerData(check));
    try {
      expect(plain(await judgeMemberChunk(check, rows, pool))).toEqual(plain(here));
    } finally {
      await pool.close();
    }
  });

  it('a re-check judging on workers ends as a check from scratch in this thread', async () => {
    const province = (await db().db.selectFrom('members').select('province_code').executeTakeFirstOrThrow())
      .province_code;
    let scratch: Awaited<ReturnType<typeof state>> | undefined;
    await db()
      .db.transaction()
      .execute(async (tx) => {
        await applySafeFixesAndCheck(tx, province, { applySafeFixes: true, incremental: false });
        scratch = await state(tx);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    const runId = await insertQualityRun(db().db, {
      provinceCode: province,
      applySafeFixes: true,
      requestedBy: null,
    });
    const steps: Record<string, number> = {};
    await runRecheck(db().db, runId, { judgeWorkers: 1, chunkSize: 70, stepSeconds: steps });
    expect(await getQualityRun(db().db, runId)).toMatchObject({ status: 'succeeded', done: 300 });
    expect(steps.judge).toBeGreaterThan(0);
    expect(await state(db().db)).toEqual(scratch);
  });

  it('a pool whose workers cannot start says so (the re-check then judges in this thread)', async () => {
    const broken = new MemberJudgePool(1, { settingsRow: null, orgs: null, records: null } as never);
    try {
      await expect(broken.judge([{ id: 1 } as never])).rejects.toBeInstanceOf(JudgePoolUnavailableError);
    } finally {
      await broken.close();
    }
  });
});

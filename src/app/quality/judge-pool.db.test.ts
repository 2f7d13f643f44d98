import { expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import {
  checkedState,
  saveOtherRuleSettings,
  stateAfterCheckFromScratch,
} from '../../../test/quality-helpers.ts';
import { importDeps } from '../../../test/import-helpers.ts';
import { getQualityRun, insertQualityRun } from '../../db/repos/findings.ts';
import { importPackage } from '../import/import-package.ts';
import {
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

describeEachDriver('member judge workers', (db) => {
  it('judge a chunk exactly as this thread does, with the settings in force', async () => {
    const imported = await importPackage(importDeps(db()), { path: PACKAGE, acceptRejectedRows: false });
    await saveOtherRuleSettings(db());
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
    const scratch = await stateAfterCheckFromScratch(db(), province, true);
    const runId = await insertQualityRun(db().db, {
      provinceCode: province,
      applySafeFixes: true,
      requestedBy: null,
    });
    const steps: Record<string, number> = {};
    await runRecheck(db().db, runId, { judgeWorkers: 1, chunkSize: 70, stepSeconds: steps });
    expect(await getQualityRun(db().db, runId)).toMatchObject({ status: 'succeeded', done: 300 });
    expect(steps.judge).toBeGreaterThan(0);
    expect(await checkedState(db().db)).toEqual(scratch);
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

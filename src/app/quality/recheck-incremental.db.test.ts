import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import {
  checkedState,
  saveOtherRuleSettings,
  stateAfterCheckFromScratch,
} from '../../../test/quality-helpers.ts';
import { importDeps } from '../../../test/import-helpers.ts';
import { setFindingStatus } from '../../db/repos/findings.ts';
import { updateMemberFields } from '../../db/repos/members.ts';
import { importPackage } from '../import/import-package.ts';
import {
  applySafeFixesAndCheck,
  judgeMemberChunk,
  readMemberChunk,
  startProvinceCheck,
  writeMemberChunk,
  type ProvinceCheckSummary,
} from './check-province.ts';
import { recheckMembers } from './check-stored-records.ts';

const PACKAGE = new URL('../../../../shared/samples/s303-small/package', import.meta.url).pathname;

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describeEachDriver('incremental full re-check', (db) => {
  /**
   * The same starting state checked twice: from scratch (every member judged, in a transaction rolled back)
   * and incrementally (members unchanged since their last check skipped). Both must leave the same findings.
   */
  async function compareWithFromScratch(provinceCode: string, applySafeFixes: boolean) {
    const scratch = await stateAfterCheckFromScratch(db(), provinceCode, applySafeFixes);
    const summary: ProvinceCheckSummary = await db()
      .db.transaction()
      .execute((tx) => applySafeFixesAndCheck(tx, provinceCode, { applySafeFixes, incremental: true }));
    const incremental = await checkedState(db().db);
    expect(incremental).toEqual(scratch);
    return summary;
  }

  it('leaves exactly the findings of a check from scratch after random edits, and skips what did not change', async () => {
    const imported = await importPackage(importDeps(db()), { path: PACKAGE, acceptRejectedRows: false });
    const province = imported.provinceCode;
    const first = await db()
      .db.transaction()
      .execute((tx) => applySafeFixesAndCheck(tx, province, { applySafeFixes: true }));
    expect(first.changedMembers).toBe(first.members);

    // Nothing changed: every member is skipped, and the findings are those of a check from scratch.
    const quiet = await compareWithFromScratch(province, false);
    expect(quiet.changedMembers).toBe(0);

    const next = random(20251210);
    for (let round = 0; round < 4; round++) {
      const members = await db()
        .db.selectFrom('members')
        .select(['id', 'version', 'citizen_id', 'org_id', 'full_name'])
        .where('province_code', '=', province)
        .orderBy('id')
        .execute();
      const pick = () => members[Math.floor(next() * members.length)]!;
      const edited = new Set<number>();
      await db()
        .db.transaction()
        .execute(async (tx) => {
          // A citizen id copied from another member (CITIZEN_ID_DUPLICATE for both), a name in lower case,
          // a birth date in the future, a status change, a move to another member's chi bộ.
          const [a, b, c, d, e, f] = [pick(), pick(), pick(), pick(), pick(), pick()];
          const fresh = async (id: number) =>
            Number(
              (
                await tx
                  .selectFrom('members')
                  .select('version')
                  .where('id', '=', id)
                  .executeTakeFirstOrThrow()
              ).version,
            );
          await updateMemberFields(tx, Number(a.id), await fresh(Number(a.id)), { citizenId: b.citizen_id });
          await updateMemberFields(tx, Number(c.id), await fresh(Number(c.id)), {
            fullName: (c.full_name ?? '').toLowerCase(),
          });
          await updateMemberFields(tx, Number(d.id), await fresh(Number(d.id)), { birthDate: '2031-05-01' });
          await updateMemberFields(tx, Number(e.id), await fresh(Number(e.id)), {
            status: round % 2 === 0 ? 'DU_BI' : 'CHINH_THUC',
          });
          await sql`UPDATE members SET org_id = ${f.org_id === a.org_id ? b.org_id : a.org_id} WHERE id = ${f.id}`.execute(
            tx,
          );
          // The legacy row changed under the typed columns (a re-import of the same member).
          const g = pick();
          await sql`UPDATE members SET legacy_raw = legacy_raw || jsonb_build_object('QUE_QUAN', 'Xa Tan Lap,  Ha Noi')
            WHERE id = ${g.id}`.execute(tx);
          for (const m of [a, c, d, e, f, g]) edited.add(Number(m.id));
        });
      // Findings changed by people, without any change to the member: dismissed, marked fixed, reopened.
      const open = await db()
        .db.selectFrom('findings')
        .select(['id', 'record_id', 'status'])
        .where('record_type', '=', 'member')
        .orderBy('id')
        .execute();
      const byPerson = [0, 1, 2].map(() => open[Math.floor(next() * open.length)]!);
      await setFindingStatus(db().db, Number(byPerson[0]!.id), {
        status: 'dismissed',
        actorId: null,
        dismissReason: 'test',
      });
      await setFindingStatus(db().db, Number(byPerson[1]!.id), { status: 'fixed', actorId: null });
      await setFindingStatus(db().db, Number(byPerson[2]!.id), { status: 'open', actorId: null });
      for (const f of byPerson) edited.add(Number(f.record_id));

      if (round === 1) {
        // Settings change: every member is judged again.
        await saveOtherRuleSettings(db());
      }
      // Round 2 applies the safe fixes: states of checks that did not apply them cannot be reused.
      const summary = await compareWithFromScratch(province, round === 2);
      if (round === 1 || round === 2) expect(summary.changedMembers).toBe(summary.members);
      else {
        expect(summary.changedMembers).toBeGreaterThan(0);
        // Edited members, and the members a merge-free edit can touch: nothing close to the whole province.
        expect(summary.changedMembers).toBeLessThanOrEqual(edited.size);
      }
    }
  });
  it('leaves out a member saved between the read and the write of its chunk (the next re-check judges it)', async () => {
    const province = (await db().db.selectFrom('members').select('province_code').executeTakeFirstOrThrow())
      .province_code;
    // Every member to be judged again (as after a change of the engine).
    await sql`DELETE FROM member_checks`.execute(db().db);
    const check = await startProvinceCheck(db().db, province, { applySafeFixes: false, actorId: null });
    const chunk = await readMemberChunk(db().db, check, 0, 40);
    expect(chunk.rows).toHaveLength(40);
    const judged = await judgeMemberChunk(check, chunk.rows);

    // Meanwhile a person saves one of them: a birth date in the future, re-checked in the save's transaction.
    const saved = chunk.rows[7]!;
    await db()
      .db.transaction()
      .execute(async (tx) => {
        await updateMemberFields(tx, saved.id, Number(saved.version), { birthDate: '2031-05-01' });
        await recheckMembers(tx, { memberIds: [saved.id], actorId: null });
      });
    const findingsOf = async (id: number) =>
      (
        await sql<Record<string, unknown>>`SELECT rule, field, status, value FROM findings
          WHERE record_type = 'member' AND record_id = ${id} ORDER BY rule, field`.execute(db().db)
      ).rows;
    const afterSave = await findingsOf(saved.id);
    expect(afterSave.map((f) => f.field)).toContain('NGAY_SINH');

    await db()
      .db.transaction()
      .execute((tx) => writeMemberChunk(tx, check, judged));
    // The stale judgement of the saved member was not written over its save's findings, nor recorded as its state.
    expect(await findingsOf(saved.id)).toEqual(afterSave);
    const ids = chunk.rows.map((r) => r.id);
    const { rows: states } = await sql<{ member_id: string }>`SELECT member_id FROM member_checks
      WHERE member_id IN (${sql.join(ids)}) ORDER BY member_id`.execute(db().db);
    expect(states.map((r) => Number(r.member_id))).toEqual(ids.filter((id) => id !== saved.id));
    // The next incremental re-check judges it (and the members after the chunk) and ends as a check from scratch.
    const summary = await compareWithFromScratch(province, false);
    expect(summary.changedMembers).toBe(summary.members - 39);
  });
});

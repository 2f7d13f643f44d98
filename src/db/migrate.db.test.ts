import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDriver } from '../../test/db.ts';
import { listMigrations, migrate } from './migrate.ts';
import { seedCodeLists } from './seed-code-lists.ts';
import { loadCodeLists } from '../reference/load-reference.ts';

describeEachDriver('migrations and code lists', (db) => {
  it('applies every migration file once and records its checksum', async () => {
    const rows = await db()
      .db.selectFrom('schema_migrations')
      .select(['name', 'checksum'])
      .orderBy('name')
      .execute();
    expect(rows).toEqual(listMigrations().map((m) => ({ name: m.name, checksum: m.checksum })));
    expect(await migrate(db())).toEqual([]);
  });

  it('refuses to start when an applied migration was edited', async () => {
    const first = listMigrations()[0]!;
    await db()
      .db.updateTable('schema_migrations')
      .set({ checksum: 'edited' })
      .where('name', '=', first.name)
      .execute();
    await expect(migrate(db())).rejects.toThrow(/changed after it was applied/);
    await db()
      .db.updateTable('schema_migrations')
      .set({ checksum: first.checksum })
      .where('name', '=', first.name)
      .execute();
  });

  it('has the code lists loaded, and reloads nothing when the files did not change', async () => {
    const counts = await sql<{ list: string; row_count: number }>`
      SELECT list, row_count FROM ref_code_list_version ORDER BY list`.execute(db().db);
    expect(Object.fromEntries(counts.rows.map((r) => [r.list, r.row_count]))).toEqual({
      admin_unit_mapping_2025: 10604,
      citizen_id_provinces: 63,
      communes_2025: 3321,
      communes_pre2025: 10047,
      districts_pre2025: 696,
      ethnicities: 54,
      phone_prefixes: 59,
      provinces_2025: 34,
      provinces_pre2025: 63,
      religions: 16,
    });
    expect(await seedCodeLists(db().db, loadCodeLists())).toEqual([]);
  });

  it('keeps the audit log append-only and hash-chained', async () => {
    const { recordAudit } = await import('./repos/audit.ts');
    for (const n of [1, 2, 3]) {
      await recordAudit(db().db, {
        actorId: null,
        actorName: 't',
        action: `a${n}`,
        entity: 'system',
        entityId: n,
        provinceCode: null,
      });
    }
    const rows = await db()
      .db.selectFrom('audit_log')
      .select(['seq', 'prev_hash', 'hash'])
      .orderBy('seq')
      .execute();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(db().db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(db().db)).rejects.toThrow(/append-only/);
  });
});

import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';

// Code lists are public reference data (no personal data): any signed-in account may read them.

export async function listProvinces(db: Db) {
  return db.selectFrom('ref_province').select(['code', 'name']).orderBy('code').execute();
}

export async function listCommunes(db: Db, provinceCode: string) {
  return db
    .selectFrom('ref_commune')
    .select(['code', 'name'])
    .where('province_code', '=', provinceCode)
    .orderBy('name')
    .execute();
}

export async function listEthnicities(db: Db) {
  const { rows } = await sql<{
    code: string;
    name: string;
  }>`SELECT code, name FROM ref_ethnicity ORDER BY code`.execute(db);
  return rows;
}

export async function listReligions(db: Db) {
  const { rows } = await sql<{
    name: string;
  }>`SELECT name FROM ref_religion ORDER BY code = '', code, name`.execute(db);
  return [{ name: 'Không' }, ...rows];
}

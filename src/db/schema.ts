import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables of migrations/*.sql. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface OrganizationsTable {
  id: Generated<number>;
  province_code: string;
  parent_id: number | null;
  path: string;
  depth: number;
  type: string | null;
  name: string;
  name_search: string;
  name_sort: string;
  legacy_code: string | null;
  status: string;
  founding_date: string | null;
  admin_unit_code: string | null;
  legacy_raw: Json;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembersTable {
  id: Generated<number>;
  province_code: string;
  org_id: number;
  legacy_id: string | null;
  full_name: string;
  name_search: string;
  name_sort: string;
  other_name: string | null;
  gender: string | null;
  birth_date: string | null;
  birth_place: string | null;
  hometown: string | null;
  hometown_province_code: string | null;
  hometown_commune_code: string | null;
  residence: string | null;
  residence_province_code: string | null;
  residence_commune_code: string | null;
  ethnicity_code: string | null;
  religion: string | null;
  citizen_id: string | null;
  phone: string | null;
  email: string | null;
  admission_date: string | null;
  official_date: string | null;
  party_card_no: string | null;
  general_education: string | null;
  professional_qualification: string | null;
  political_theory: string | null;
  occupation: string | null;
  status: string | null;
  death_date: string | null;
  legacy_updated_at: string | null;
  legacy_raw: Json;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountsTable {
  id: Generated<number>;
  username: string;
  full_name: string;
  password_hash: string;
  roles: number[];
  scope_org_id: number | null;
  is_active: Generated<boolean>;
  must_change_password: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  account_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  province_code: string | null;
  before: Json;
  after: Json;
  request_id: string | null;
  seq: Generated<number>;
  prev_hash: Generated<string>;
  hash: Generated<string>;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

export interface RefCodeListVersionTable {
  list: string;
  checksum: string;
  row_count: number;
  loaded_at: Timestamp;
}

export interface RefProvinceTable {
  code: string;
  name: string;
  type: string;
  short_name: string;
  former_name: string;
}

export interface RefCommuneTable {
  code: string;
  name: string;
  type: string;
  province_code: string;
  short_name: string;
  code_in_1027: string;
  former_name: string;
}

export interface Database {
  organizations: OrganizationsTable;
  members: MembersTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  schema_migrations: SchemaMigrationsTable;
  ref_code_list_version: RefCodeListVersionTable;
  ref_province: RefProvinceTable;
  ref_commune: RefCommuneTable;
}

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
  /** Stable import key: the legacy code, or "<code>#<n>" for the n-th row repeating a code (0002_import.sql). */
  legacy_key: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** 0005_duplicates.sql: the record this one was merged into (kept, left out of lists and counts). */
  merged_into_id: ColumnType<number | null, number | null | undefined, number | null>;
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
  // 0004_accounts.sql
  name_search: ColumnType<string, string | undefined, string>;
  position: ColumnType<string | null, string | null | undefined, string | null>;
  unit_name: ColumnType<string | null, string | null | undefined, string | null>;
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  citizen_id: ColumnType<string | null, string | null | undefined, string | null>;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: ColumnType<number | null, number | null | undefined, number | null>;
  totp_required: Generated<boolean>;
  totp_secret_enc: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  recovery_code_hashes: ColumnType<string[], string[] | undefined, string[]>;
  failed_login_count: Generated<number>;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  password_changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  activation_token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  activation_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SessionsTable {
  id: string;
  account_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  // 0004_accounts.sql
  handle: Generated<number>;
  absolute_expires_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** 0004_accounts.sql */
export interface LoginAttemptsTable {
  id: Generated<number>;
  at: Timestamp;
  ip: string | null;
  username: string;
  ok: boolean;
}

export interface AccountRequestBatchesTable {
  id: Generated<number>;
  file_name: string;
  uploaded_by: number;
  uploaded_at: Timestamp;
  scope_org_id: number | null;
  row_count: number;
  request_count: number;
  row_errors: ColumnType<unknown, string | undefined, string>;
}

export interface AccountRequestsTable {
  id: Generated<number>;
  batch_id: number;
  row_number: number;
  raw: ColumnType<unknown, string, string>;
  full_name: string;
  birth_date: string;
  citizen_id: string;
  phone: string | null;
  position: string | null;
  unit_name: string;
  admin_province_code: string;
  admin_commune_code: string | null;
  org_id: number;
  province_code: string;
  roles: number[];
  status: ColumnType<
    'pending' | 'approved' | 'rejected',
    'pending' | 'approved' | 'rejected' | undefined,
    'pending' | 'approved' | 'rejected'
  >;
  requested_by: number;
  requested_at: Timestamp;
  decided_by: ColumnType<number | null, number | null | undefined, number | null>;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decision_reason: ColumnType<string | null, string | null | undefined, string | null>;
  account_id: ColumnType<number | null, number | null | undefined, number | null>;
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

export interface ImportRunsTable {
  id: Generated<number>;
  province_code: string | null;
  package_name: string;
  package_shape: string;
  source_files: Json;
  mapping: Json;
  accept_rejected: Generated<boolean>;
  status: ColumnType<
    'running' | 'succeeded' | 'failed' | 'rejected' | 'rolled_back',
    'running' | 'succeeded' | 'failed' | 'rejected' | 'rolled_back' | undefined
  >;
  counts: Json;
  rejected_count: Generated<number>;
  report: Json;
  error_code: string | null;
  error_message: string | null;
  actor_id: number | null;
  actor_name: string | null;
  job_id: string | null;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ImportRejectedRowsTable {
  run_id: number;
  file: string;
  row_number: number;
  column_name: string | null;
  reason: string;
  message: string;
}

export interface WriteFreezesTable {
  id: Generated<number>;
  province_code: string | null;
  starts_at: Timestamp;
  ends_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reason: string;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Timestamp;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  ended_by: number | null;
}

export interface JobsTable {
  id: string;
  name: string;
  payload: Json;
  singleton_key: string | null;
  state: ColumnType<
    'created' | 'active' | 'completed' | 'failed' | 'cancelled',
    'created' | 'active' | 'completed' | 'failed' | 'cancelled' | undefined
  >;
  progress: Json;
  result: Json;
  error: string | null;
  attempts: Generated<number>;
  created_at: Timestamp;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** 0003_findings.sql */
export interface FindingsTable {
  id: Generated<number>;
  province_code: string;
  record_type: 'organization' | 'member';
  record_id: number;
  org_id: number;
  legacy_id: string | null;
  rule: string;
  rule_group: string;
  field: Generated<string>;
  severity: 'error' | 'warning' | 'fix';
  status: ColumnType<'open' | 'fixed' | 'dismissed', 'open' | 'fixed' | 'dismissed' | undefined>;
  value: Generated<string>;
  suggested: string | null;
  old_value: string | null;
  undo: Json;
  batch_id: string | null;
  resolved_by: number | null;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  dismiss_reason: string | null;
  first_seen_at: Timestamp;
  checked_at: Timestamp;
}

export interface RuleSettingsTable {
  id: Generated<number>;
  campaign_id: number | null;
  reference_date: string | null;
  disabled_rules: ColumnType<string[], string[] | undefined, string[]>;
  severity_overrides: ColumnType<unknown, string | undefined, string>;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface QualityRunsTable {
  id: Generated<number>;
  province_code: string | null;
  status: ColumnType<
    'queued' | 'running' | 'succeeded' | 'failed',
    'queued' | 'running' | 'succeeded' | 'failed' | undefined
  >;
  phase: ColumnType<
    'organizations' | 'members' | 'cross' | 'done',
    'organizations' | 'members' | 'cross' | 'done' | undefined
  >;
  current_province: string | null;
  cursor: Generated<number>;
  done: Generated<number>;
  total: Generated<number>;
  apply_safe_fixes: Generated<boolean>;
  error: string | null;
  requested_by: number | null;
  created_at: Timestamp;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableNumber = ColumnType<number | null, number | null | undefined, number | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

/** 0005_duplicates.sql */
export type DuplicatePairStatus = 'pending' | 'merged' | 'different' | 'unsure';

export interface DuplicatePairsTable {
  id: Generated<number>;
  member_a: number;
  member_b: number;
  province_a: string;
  province_b: string;
  score: number;
  band: 'probable' | 'review';
  reasons: ColumnType<string[], string, string>;
  status: ColumnType<DuplicatePairStatus, DuplicatePairStatus | undefined, DuplicatePairStatus>;
  escalated_to_org_id: NullableNumber;
  escalated_from_org_id: NullableNumber;
  decided_by: NullableNumber;
  decided_by_name: NullableText;
  decided_at: NullableTime;
  note: NullableText;
  merge_id: NullableNumber;
  version: Generated<number>;
  detected_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface MemberMergesTable {
  id: Generated<number>;
  pair_id: number | null;
  province_code: string;
  survivor_id: number;
  merged_id: number;
  choices: ColumnType<Record<string, 'survivor' | 'merged'>, string, string>;
  survivor_before: ColumnType<Record<string, unknown>, string, string>;
  merged_before: ColumnType<Record<string, unknown>, string, string>;
  findings_before: ColumnType<Array<Record<string, unknown>>, string | undefined, string>;
  survivor_version_after: number;
  merged_version_after: number;
  note: NullableText;
  merged_by: NullableNumber;
  merged_by_name: NullableText;
  merged_at: Timestamp;
  undone_by: NullableNumber;
  undone_by_name: NullableText;
  undone_at: NullableTime;
}

export interface RegisterExtractsTable {
  id: Generated<number>;
  province_code: string;
  file_name: string;
  sha256: string;
  record_count: number;
  uploaded_by: NullableNumber;
  uploaded_by_name: NullableText;
  uploaded_at: Timestamp;
}

export interface RegisterRecordsTable {
  province_code: string;
  citizen_id: string;
  full_name: string;
  birth_date: string;
  gender: 'Nam' | 'Nữ';
}

export interface DuplicateRunsTable {
  id: Generated<number>;
  kind: 'detect' | 'reconcile';
  province_code: string;
  status: ColumnType<
    'queued' | 'running' | 'succeeded' | 'failed',
    'queued' | 'running' | 'succeeded' | 'failed' | undefined
  >;
  phase: Generated<string>;
  cursor: Generated<number>;
  done: Generated<number>;
  total: Generated<number>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error: NullableText;
  requested_by: NullableNumber;
  requested_by_name: NullableText;
  created_at: Timestamp;
  started_at: NullableTime;
  finished_at: NullableTime;
}

export interface Database {
  organizations: OrganizationsTable;
  members: MembersTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  account_request_batches: AccountRequestBatchesTable;
  account_requests: AccountRequestsTable;
  audit_log: AuditLogTable;
  schema_migrations: SchemaMigrationsTable;
  ref_code_list_version: RefCodeListVersionTable;
  ref_province: RefProvinceTable;
  ref_commune: RefCommuneTable;
  import_runs: ImportRunsTable;
  import_rejected_rows: ImportRejectedRowsTable;
  write_freezes: WriteFreezesTable;
  jobs: JobsTable;
  findings: FindingsTable;
  rule_settings: RuleSettingsTable;
  quality_runs: QualityRunsTable;
  duplicate_pairs: DuplicatePairsTable;
  member_merges: MemberMergesTable;
  register_extracts: RegisterExtractsTable;
  register_records: RegisterRecordsTable;
  duplicate_runs: DuplicateRunsTable;
}

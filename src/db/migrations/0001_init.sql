-- CSDL Đảng viên 4.0: the foundation schema. Forward-only; never edit once applied.
-- Runs unchanged on PGlite and on a PostgreSQL server.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ---------------------------------------------------------------------------
-- Code lists (reference tables: small, replicated to every shard).
-- Loaded from the project's reference/ files by src/db/seed-code-lists.ts.
-- ---------------------------------------------------------------------------
CREATE TABLE ref_province (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  type        text NOT NULL,
  short_name  text NOT NULL,
  former_name text NOT NULL DEFAULT ''
);

CREATE TABLE ref_commune (
  code          text PRIMARY KEY,
  name          text NOT NULL,
  type          text NOT NULL,
  province_code text NOT NULL REFERENCES ref_province (code),
  short_name    text NOT NULL,
  code_in_1027  text NOT NULL DEFAULT '',
  former_name   text NOT NULL DEFAULT ''
);
CREATE INDEX ref_commune_province ON ref_commune (province_code);

CREATE TABLE ref_province_pre2025 (
  code       text PRIMARY KEY,
  name       text NOT NULL,
  type       text NOT NULL,
  short_name text NOT NULL
);

CREATE TABLE ref_district_pre2025 (
  code          text PRIMARY KEY,
  name          text NOT NULL,
  type          text NOT NULL,
  province_code text NOT NULL
);

CREATE TABLE ref_commune_pre2025 (
  code          text PRIMARY KEY,
  name          text NOT NULL,
  type          text NOT NULL,
  district_code text NOT NULL,
  province_code text NOT NULL
);

CREATE TABLE ref_admin_unit_mapping (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  old_province_code  text NOT NULL,
  old_district_code  text NOT NULL,
  old_commune_code   text NOT NULL,
  new_province_code  text NOT NULL,
  new_commune_code   text NOT NULL,
  merge_type         text NOT NULL CHECK (merge_type IN ('full', 'partial'))
);
CREATE INDEX ref_admin_unit_mapping_old ON ref_admin_unit_mapping (old_commune_code);

CREATE TABLE ref_ethnicity (
  code             text PRIMARY KEY,          -- QĐ 121-TCTK/PPCĐ (1979)
  name             text NOT NULL,
  aliases          text[] NOT NULL DEFAULT '{}',
  spelling_variants text[] NOT NULL DEFAULT '{}',
  code_2008        text NOT NULL DEFAULT '',  -- QĐ 1019/QĐ-TCTK (2008)
  name_2008        text NOT NULL DEFAULT ''
);

CREATE TABLE ref_religion (
  name    text PRIMARY KEY,
  code    text NOT NULL DEFAULT '',
  aliases text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE ref_citizen_id_province (
  code               text PRIMARY KEY,
  province_name      text NOT NULL,
  gso_province_code  text NOT NULL,
  new_province_code  text NOT NULL
);

CREATE TABLE ref_phone_prefix (
  prefix        text PRIMARY KEY,
  kind          text NOT NULL,
  total_digits  integer NOT NULL,
  carrier       text NOT NULL DEFAULT '',
  converted_to  text NOT NULL DEFAULT ''
);

-- Which version of each list is loaded: reloaded when the project's file changes.
CREATE TABLE ref_code_list_version (
  list       text PRIMARY KEY,
  checksum   text NOT NULL,
  row_count  integer NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Organizations: a tree stored as a materialized path of ids ("/12/345/").
-- Subtree = path prefix, answered by a btree range scan (COLLATE "C"), portable to PGlite
-- and to Citus (no extension needed), and a move rewrites one prefix.
-- ---------------------------------------------------------------------------
CREATE TABLE organizations (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code     text NOT NULL,                      -- the shard key on every big table
  parent_id         bigint REFERENCES organizations (id),
  path              text COLLATE "C" NOT NULL,
  depth             integer NOT NULL,
  type              text CHECK (type IN ('DBT', 'DUTW', 'DBH', 'DBX', 'DBCS', 'CBCS', 'DBBP', 'CBTT')),
  name              text NOT NULL,
  name_search       text NOT NULL,               -- foldForSearch(name): accent-insensitive search
  name_sort         text COLLATE "C" NOT NULL,   -- vietnameseSortKey(name): Vietnamese order
  legacy_code       text,
  status            text NOT NULL DEFAULT 'HOAT_DONG' CHECK (status IN ('HOAT_DONG', 'GIAI_THE', 'SAP_NHAP')),
  founding_date     text CHECK (founding_date ~ '^\d{4}(-\d{2}(-\d{2})?)?$'),
  admin_unit_code   text,                               -- post-2025 commune (5 digits) or province (2 digits)
  legacy_raw        jsonb,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_path ON organizations (path);
CREATE INDEX organizations_parent ON organizations (parent_id, name_sort);
CREATE UNIQUE INDEX organizations_legacy_code ON organizations (province_code, legacy_code);
CREATE INDEX organizations_name_search ON organizations USING gin (name_search gin_trgm_ops);

-- ---------------------------------------------------------------------------
-- Members: every field of the 3.0 export in canonical typed form. Partial dates are ISO strings
-- at their own precision (yyyy, yyyy-mm, yyyy-mm-dd); the raw legacy row is kept as it came.
-- ---------------------------------------------------------------------------
CREATE TABLE members (
  id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code               text NOT NULL,
  org_id                      bigint NOT NULL REFERENCES organizations (id),
  legacy_id                   text,
  full_name                   text NOT NULL,
  name_search                 text NOT NULL,
  name_sort                   text COLLATE "C" NOT NULL,
  other_name                  text,
  gender                      text CHECK (gender IN ('Nam', 'Nữ')),
  birth_date                  text CHECK (birth_date ~ '^\d{4}(-\d{2}(-\d{2})?)?$'),
  birth_place                 text,
  hometown                    text,
  hometown_province_code      text,
  hometown_commune_code       text,
  residence                   text,
  residence_province_code     text,
  residence_commune_code      text,
  ethnicity_code              text,
  religion                    text,
  citizen_id                  text,
  phone                       text,
  email                       text,
  admission_date              text CHECK (admission_date ~ '^\d{4}(-\d{2}(-\d{2})?)?$'),
  official_date               text CHECK (official_date ~ '^\d{4}(-\d{2}(-\d{2})?)?$'),
  party_card_no               text,
  general_education           text,
  professional_qualification  text,
  political_theory            text,
  occupation                  text,
  status                      text CHECK (status IN ('CHINH_THUC', 'DU_BI', 'MIEN_SINH_HOAT', 'CHUYEN_DI', 'TU_TRAN', 'XOA_TEN', 'KHAI_TRU')),
  death_date                  text CHECK (death_date ~ '^\d{4}(-\d{2}(-\d{2})?)?$'),
  legacy_updated_at           text,
  legacy_raw                  jsonb,
  version                     integer NOT NULL DEFAULT 1,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX members_org ON members (org_id, name_sort);
CREATE UNIQUE INDEX members_legacy_id ON members (province_code, legacy_id);
CREATE INDEX members_citizen_id ON members (citizen_id);
CREATE INDEX members_name_search ON members USING gin (name_search gin_trgm_ops);

-- ---------------------------------------------------------------------------
-- Accounts, roles (Phụ lục 01) and server-side sessions.
-- ---------------------------------------------------------------------------
CREATE TABLE accounts (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username              text NOT NULL UNIQUE,
  full_name             text NOT NULL,
  password_hash         text NOT NULL,
  -- 1 Quản trị hệ thống, 2 Nhập liệu, 3 Chuyển sinh hoạt Đảng, 4 Làm thẻ Đảng, 5 Làm huy hiệu Đảng
  roles                 smallint[] NOT NULL CHECK (roles <@ ARRAY[1, 2, 3, 4, 5]::smallint[]),
  scope_org_id          bigint REFERENCES organizations (id),   -- NULL: the whole country
  is_active             boolean NOT NULL DEFAULT true,
  must_change_password  boolean NOT NULL DEFAULT false,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id            text PRIMARY KEY,          -- SHA-256 of the cookie token; the token itself is never stored
  account_id    bigint NOT NULL REFERENCES accounts (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ip            text,
  user_agent    text
);
CREATE INDEX sessions_account ON sessions (account_id);

-- ---------------------------------------------------------------------------
-- Audit log: append-only, written in the same transaction as the change.
-- Each row carries the hash of the previous one, so a removed or edited row shows.
-- ---------------------------------------------------------------------------
CREATE TABLE audit_log (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at             timestamptz NOT NULL DEFAULT now(),
  actor_id       bigint,
  actor_name     text,
  action         text NOT NULL,
  entity         text NOT NULL,
  entity_id      text,
  province_code  text,
  before         jsonb,
  after          jsonb,
  request_id     text,
  seq            bigint NOT NULL DEFAULT 0,   -- position in the hash chain, assigned under the lock
  prev_hash      text NOT NULL DEFAULT '',
  hash           text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
-- The chain: each row hashes its own content with the hash of the row written before it.
-- A transaction-level advisory lock makes the writers take turns, so the chain never forks.
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727001);
  SELECT seq + 1, hash INTO NEW.seq, NEW.prev_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(NEW.seq, 1);
  NEW.prev_hash := coalesce(NEW.prev_hash, '');
  NEW.hash := encode(sha256(convert_to(concat_ws('|', NEW.prev_hash, NEW.seq::text, NEW.id::text,
    extract(epoch FROM NEW.at)::text, NEW.actor_id::text, NEW.action, NEW.entity, NEW.entity_id,
    NEW.province_code, NEW.before::text, NEW.after::text), 'UTF8')), 'hex');
  RETURN NEW;
END;
$$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Migration from 3.0: import runs, staging, write freeze, durable jobs. Forward-only.
-- Runs unchanged on PGlite and on a PostgreSQL server.

-- ---------------------------------------------------------------------------
-- The stable key of an imported organization. `legacy_code` holds the 3.0 code of the first row carrying
-- it (a repeated code is a data-quality finding, so the repeat is imported with legacy_code NULL); the key
-- names every imported row, repeats included ("TC12#2" = second row with code TC12), so that re-importing
-- the same package finds each row again instead of adding it twice.
-- ---------------------------------------------------------------------------
ALTER TABLE organizations ADD COLUMN legacy_key text;
UPDATE organizations SET legacy_key = legacy_code WHERE legacy_code IS NOT NULL;
CREATE UNIQUE INDEX organizations_legacy_key ON organizations (province_code, legacy_key);

-- ---------------------------------------------------------------------------
-- One row per import run, written (committed) before the run's own transaction starts, so a failed or
-- interrupted run stays visible. The run's data and its 'succeeded' status commit together.
-- A row left 'running' by a killed process is marked 'failed' (interrupted) by the next run of the province.
-- ---------------------------------------------------------------------------
CREATE TABLE import_runs (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code     text,
  package_name      text NOT NULL,
  package_shape     text NOT NULL,
  source_files      jsonb NOT NULL DEFAULT '[]',   -- [{ kind, name, size, sha256 }]
  mapping           jsonb NOT NULL DEFAULT '{}',   -- { organizations?: ColumnMapping, members?: ColumnMapping }
  accept_rejected   boolean NOT NULL DEFAULT false,
  status            text NOT NULL DEFAULT 'running'
                    CHECK (status IN ('running', 'succeeded', 'failed', 'rejected', 'rolled_back')),
  counts            jsonb NOT NULL DEFAULT '{}',   -- source/inserted/updated/unchanged per kind
  rejected_count    integer NOT NULL DEFAULT 0,
  report            jsonb,                         -- the reconciliation report (đối soát)
  error_code        text,
  error_message     text,
  actor_id          bigint,
  actor_name        text,
  job_id            text,
  started_at        timestamptz NOT NULL DEFAULT now(),
  finished_at       timestamptz
);
CREATE INDEX import_runs_province ON import_runs (province_code, started_at DESC);

-- Rejected rows of a run (file, row, column, reason). Capped per run by the importer; the count is exact.
CREATE TABLE import_rejected_rows (
  run_id      bigint NOT NULL REFERENCES import_runs (id),
  file        text NOT NULL,
  row_number  integer NOT NULL,
  column_name text,
  reason      text NOT NULL,
  message     text NOT NULL
);
CREATE INDEX import_rejected_rows_run ON import_rejected_rows (run_id, file, row_number);

-- ---------------------------------------------------------------------------
-- Write freeze (maintenance mode): the whole system (province_code NULL) or one province, from starts_at
-- until ends_at (NULL: until switched off). Switching off sets ended_at; rows are never deleted (history).
-- ---------------------------------------------------------------------------
CREATE TABLE write_freezes (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code  text,
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz,
  reason         text NOT NULL,
  created_by     bigint,
  created_by_name text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  ended_at       timestamptz,
  ended_by       bigint,
  CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX write_freezes_active ON write_freezes (starts_at) WHERE ended_at IS NULL;

-- ---------------------------------------------------------------------------
-- Durable jobs for the in-process runner (PGlite). On a PostgreSQL server pg-boss keeps its own schema;
-- this table then only mirrors progress so that any node can answer "how far is job X".
-- ---------------------------------------------------------------------------
CREATE TABLE jobs (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  payload       jsonb NOT NULL,
  singleton_key text,
  state         text NOT NULL DEFAULT 'created'
                CHECK (state IN ('created', 'active', 'completed', 'failed', 'cancelled')),
  progress      jsonb,
  result        jsonb,
  error         text,
  attempts      integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz
);
CREATE INDEX jobs_state ON jobs (state, created_at);
-- At most one queued or active job per singleton key (e.g. one import per province).
CREATE UNIQUE INDEX jobs_singleton ON jobs (name, singleton_key)
  WHERE singleton_key IS NOT NULL AND state IN ('created', 'active');

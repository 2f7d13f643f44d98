-- One person, one record (issue 6): duplicate pairs and their review, merges with undo, the population
-- register extract and the background runs of detection and reconciliation. Forward-only; runs unchanged
-- on PGlite and on a PostgreSQL server.

-- ---------------------------------------------------------------------------
-- A merged (losing) record is kept, never deleted: it points at the record that survived and is left out
-- of lists, counts and the active-member rules. Undoing the merge clears the pointer.
-- ---------------------------------------------------------------------------
ALTER TABLE members ADD COLUMN merged_into_id bigint REFERENCES members (id);
CREATE INDEX members_merged_into ON members (merged_into_id) WHERE merged_into_id IS NOT NULL;

-- ---------------------------------------------------------------------------
-- Candidate pairs of the matching engine, one row per pair of members (member_a < member_b). The row is
-- also the remembered decision: re-detection updates score and reasons but never the status, so a pair
-- decided "different people" never comes back to the queue. A pending pair the detection no longer
-- produces is deleted; a decided one is kept.
--   pending    waiting for a decision
--   merged     same person: merged (merge_id); back to pending when the merge is undone
--   different  different people (remembered)
--   unsure     not sure: escalated to the level above (escalated_to_org_id; NULL = national level)
-- Visibility: a pair is in a scope when EITHER record's organization is, or the organization it was
-- escalated to is.
-- ---------------------------------------------------------------------------
CREATE TABLE duplicate_pairs (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_a             bigint NOT NULL REFERENCES members (id),
  member_b             bigint NOT NULL REFERENCES members (id),
  province_a           text NOT NULL,
  province_b           text NOT NULL,
  score                double precision NOT NULL CHECK (score >= 0 AND score <= 1),
  band                 text NOT NULL CHECK (band IN ('probable', 'review')),
  reasons              jsonb NOT NULL DEFAULT '[]',
  status               text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'merged', 'different', 'unsure')),
  escalated_to_org_id  bigint REFERENCES organizations (id),
  escalated_from_org_id bigint REFERENCES organizations (id),
  decided_by           bigint,
  decided_by_name      text,
  decided_at           timestamptz,
  note                 text,
  merge_id             bigint,
  version              integer NOT NULL DEFAULT 1,
  detected_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (member_a < member_b)
);
CREATE UNIQUE INDEX duplicate_pairs_members ON duplicate_pairs (member_a, member_b);
CREATE INDEX duplicate_pairs_member_b ON duplicate_pairs (member_b);
CREATE INDEX duplicate_pairs_province_status ON duplicate_pairs (province_a, status, band);
CREATE INDEX duplicate_pairs_escalated ON duplicate_pairs (escalated_to_org_id) WHERE status = 'unsure';

-- ---------------------------------------------------------------------------
-- Merges: the survivor, the merged record, the field-by-field choices and everything an undo needs: the
-- full column images of both records and of their findings before the merge, and the versions the merge
-- left (an undo refuses when either record changed since).
-- ---------------------------------------------------------------------------
CREATE TABLE member_merges (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pair_id                 bigint REFERENCES duplicate_pairs (id),
  province_code           text NOT NULL,
  survivor_id             bigint NOT NULL REFERENCES members (id),
  merged_id               bigint NOT NULL REFERENCES members (id),
  choices                 jsonb NOT NULL,      -- { "<field>": "survivor" | "merged" }
  survivor_before         jsonb NOT NULL,      -- the members row of the survivor before the merge
  merged_before           jsonb NOT NULL,      -- the members row of the merged record before the merge
  findings_before         jsonb NOT NULL DEFAULT '[]',   -- the findings rows of both records before
  survivor_version_after  integer NOT NULL,
  merged_version_after    integer NOT NULL,
  note                    text,
  merged_by               bigint,
  merged_by_name          text,
  merged_at               timestamptz NOT NULL DEFAULT now(),
  undone_by               bigint,
  undone_by_name          text,
  undone_at               timestamptz
);
CREATE INDEX member_merges_survivor ON member_merges (survivor_id, merged_at DESC);
CREATE INDEX member_merges_merged ON member_merges (merged_id);

-- ---------------------------------------------------------------------------
-- The population register extract (spec/batch-contract.md) uploaded per province: the records, and one
-- row per upload. A new upload of a province replaces its records.
-- ---------------------------------------------------------------------------
CREATE TABLE register_extracts (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code  text NOT NULL,
  file_name      text NOT NULL,
  sha256         text NOT NULL,
  record_count   integer NOT NULL,
  uploaded_by    bigint,
  uploaded_by_name text,
  uploaded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX register_extracts_province ON register_extracts (province_code, uploaded_at DESC);

CREATE TABLE register_records (
  province_code  text NOT NULL,
  citizen_id     text NOT NULL CHECK (citizen_id ~ '^\d{12}$'),
  full_name      text NOT NULL,
  birth_date     text NOT NULL CHECK (birth_date ~ '^\d{4}-\d{2}-\d{2}$'),
  gender         text NOT NULL CHECK (gender IN ('Nam', 'Nữ')),
  PRIMARY KEY (province_code, citizen_id)
);
CREATE INDEX register_records_citizen_id ON register_records (citizen_id);

-- ---------------------------------------------------------------------------
-- Background runs of duplicate detection and register reconciliation, with progress; restartable
-- (reconciliation resumes after `cursor`, the last member id whose findings are committed).
-- ---------------------------------------------------------------------------
CREATE TABLE duplicate_runs (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('detect', 'reconcile')),
  province_code  text NOT NULL,
  status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  phase          text NOT NULL DEFAULT 'queued',
  cursor         bigint NOT NULL DEFAULT 0,
  done           integer NOT NULL DEFAULT 0,
  total          integer NOT NULL DEFAULT 0,
  result         jsonb,
  error          text,
  requested_by   bigint,
  requested_by_name text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  finished_at    timestamptz
);
CREATE INDEX duplicate_runs_status ON duplicate_runs (status, created_at);
CREATE INDEX duplicate_runs_province ON duplicate_runs (province_code, created_at DESC);

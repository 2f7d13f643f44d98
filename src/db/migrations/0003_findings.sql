-- Data-quality findings (error-catalogue.md): one row per (record, rule, field), kept with its history.
-- status: open → fixed (automatically, old value kept, or by a person) | dismissed (warnings only,
-- with a reason and who). A re-check updates the row in place; a finding no longer produced by the
-- rules is closed as fixed. Forward-only; runs unchanged on PGlite and on a PostgreSQL server.

CREATE TABLE findings (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code   text NOT NULL,
  record_type     text NOT NULL CHECK (record_type IN ('organization', 'member')),
  record_id       bigint NOT NULL,
  org_id          bigint NOT NULL REFERENCES organizations (id),   -- the record's organization: scope filter
  legacy_id       text,
  rule            text NOT NULL,
  rule_group      text NOT NULL,
  field           text NOT NULL DEFAULT '',                        -- canonical legacy column; '' = whole record
  severity        text NOT NULL CHECK (severity IN ('error', 'warning', 'fix')),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixed', 'dismissed')),
  value           text NOT NULL DEFAULT '',
  suggested       text,
  old_value       text,                                            -- the value before an applied fix
  -- The typed member/organization fields before a fix was applied ({ "fullName": "…" }): what an undo restores.
  undo            jsonb,
  -- The bulk acceptance that applied this fix (one id per bulk operation, so the whole operation can be undone).
  batch_id        text,
  resolved_by     bigint REFERENCES accounts (id),                 -- NULL with status fixed = automatic
  resolved_at     timestamptz,
  dismiss_reason  text,
  first_seen_at   timestamptz NOT NULL DEFAULT now(),
  checked_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX findings_record_rule_field ON findings (record_type, record_id, rule, field);
CREATE INDEX findings_org_status ON findings (org_id, status, rule);
CREATE INDEX findings_province_status ON findings (province_code, status, rule_group, rule);
CREATE INDEX findings_batch ON findings (batch_id) WHERE batch_id IS NOT NULL;

-- Cross-record rules look members up by party card number (CITIZEN_ID_DUPLICATE uses members_citizen_id).
CREATE INDEX members_party_card ON members (party_card_no) WHERE party_card_no IS NOT NULL;

-- Rule settings: the reference date for age/overdue rules, rules switched off, severities raised or
-- lowered. One global row now; campaigns (issue 8) get their own rows.
CREATE TABLE rule_settings (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id         bigint,
  reference_date      text CHECK (reference_date ~ '^\d{4}-\d{2}-\d{2}$'),
  disabled_rules      text[] NOT NULL DEFAULT '{}',
  severity_overrides  jsonb NOT NULL DEFAULT '{}',
  version             integer NOT NULL DEFAULT 1,
  updated_by          bigint REFERENCES accounts (id),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rule_settings_campaign ON rule_settings (coalesce(campaign_id, 0));

-- Full re-checks (a province or the whole database), restartable: organizations first, then members in
-- id order; `cursor` is the last member id whose findings are committed, written in the same transaction.
CREATE TABLE quality_runs (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code  text,                                  -- NULL: every province
  status         text NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  phase          text NOT NULL DEFAULT 'organizations'
                 CHECK (phase IN ('organizations', 'members', 'cross', 'done')),
  current_province text,
  cursor         bigint NOT NULL DEFAULT 0,
  done           integer NOT NULL DEFAULT 0,
  total          integer NOT NULL DEFAULT 0,
  apply_safe_fixes boolean NOT NULL DEFAULT false,
  error          text,
  requested_by   bigint,
  created_at     timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  finished_at    timestamptz
);
CREATE INDEX quality_runs_status ON quality_runs (status, created_at);

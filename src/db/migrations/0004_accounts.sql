-- Accounts per Phụ lục 01 (Plan 291-KH/BTCTW): request forms, delegated administration, strong
-- authentication. Forward-only; never edit once applied. Runs unchanged on PGlite and PostgreSQL.

-- ---------------------------------------------------------------------------
-- Accounts: who they are (the Phụ lục 01 columns), who created them, and their credentials' state.
-- The first-login password change and required 2FA are flags on the account, set by the product's own
-- operations; rows written directly (fixtures, scripts) stay as they are. The password policy applies to
-- every password set through the product.
-- ---------------------------------------------------------------------------
ALTER TABLE accounts
  ADD COLUMN name_search              text NOT NULL DEFAULT '',  -- foldForSearch(full_name)
  ADD COLUMN position                 text,
  ADD COLUMN unit_name                text,
  ADD COLUMN phone                    text,
  ADD COLUMN citizen_id               text,
  ADD COLUMN birth_date               text,
  ADD COLUMN created_by               bigint REFERENCES accounts (id),
  -- Two-factor (TOTP): the secret is encrypted with a key derived from the account's password
  -- (AES-256-GCM, argon2id KDF), so neither the API nor a copy of the database reveals it.
  ADD COLUMN totp_required            boolean NOT NULL DEFAULT false,
  ADD COLUMN totp_secret_enc          text,
  ADD COLUMN totp_enabled_at          timestamptz,
  ADD COLUMN totp_last_step           bigint,                  -- replay guard: a code is used once
  ADD COLUMN recovery_code_hashes     text[] NOT NULL DEFAULT '{}',  -- SHA-256 of each unused code
  ADD COLUMN failed_login_count       integer NOT NULL DEFAULT 0,
  ADD COLUMN locked_until             timestamptz,
  ADD COLUMN password_changed_at      timestamptz,
  -- One-time activation link: only the SHA-256 of the token is kept.
  ADD COLUMN activation_token_hash    text,
  ADD COLUMN activation_expires_at    timestamptz;
CREATE UNIQUE INDEX accounts_activation_token ON accounts (activation_token_hash);
CREATE INDEX accounts_scope ON accounts (scope_org_id);

-- Sessions: a public handle for "my sessions" (the id is the token's hash and stays private) and
-- an absolute expiry that sliding idle expiry cannot extend.
ALTER TABLE sessions
  ADD COLUMN handle               bigint GENERATED ALWAYS AS IDENTITY,
  ADD COLUMN absolute_expires_at  timestamptz NOT NULL DEFAULT now() + interval '12 hours';
CREATE UNIQUE INDEX sessions_handle ON sessions (handle);

-- Every login attempt, for per-IP rate limiting shared by all API nodes.
CREATE TABLE login_attempts (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  ip        text,
  username  text NOT NULL,
  ok        boolean NOT NULL
);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

-- ---------------------------------------------------------------------------
-- Account requests: one uploaded Phụ lục 01 form is a batch; each valid row a request.
-- ---------------------------------------------------------------------------
CREATE TABLE account_request_batches (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_name       text NOT NULL,
  uploaded_by     bigint NOT NULL REFERENCES accounts (id),
  uploaded_at     timestamptz NOT NULL DEFAULT now(),
  scope_org_id    bigint REFERENCES organizations (id),       -- the uploader's scope at upload time
  row_count       integer NOT NULL,
  request_count   integer NOT NULL,
  row_errors      jsonb NOT NULL DEFAULT '[]'                  -- [{ row, column, message }]
);

CREATE TABLE account_requests (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id         bigint NOT NULL REFERENCES account_request_batches (id),
  row_number       integer NOT NULL,
  raw              jsonb NOT NULL,                             -- the row as typed
  full_name        text NOT NULL,
  birth_date       text NOT NULL,
  citizen_id       text NOT NULL,
  phone            text,
  position         text,
  unit_name        text NOT NULL,
  admin_province_code  text NOT NULL,
  admin_commune_code   text,
  org_id           bigint NOT NULL REFERENCES organizations (id),
  province_code    text NOT NULL,                              -- the organization's province (shard key)
  roles            smallint[] NOT NULL CHECK (roles <@ ARRAY[1, 2, 3, 4, 5]::smallint[] AND cardinality(roles) > 0),
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by     bigint NOT NULL REFERENCES accounts (id),
  requested_at     timestamptz NOT NULL DEFAULT now(),
  decided_by       bigint REFERENCES accounts (id),
  decided_at       timestamptz,
  decision_reason  text,
  account_id       bigint REFERENCES accounts (id)
);
CREATE INDEX account_requests_status ON account_requests (status, org_id);
CREATE INDEX account_requests_batch ON account_requests (batch_id, row_number);

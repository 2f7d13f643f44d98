-- Incremental full re-checks (issue 5): what a member's own rules last saw, so that a re-check skips the
-- members whose inputs did not change and produces the same findings as a check from scratch.
--   row_xmin       the transaction that wrote the member row version the rules judged (any UPDATE changes it)
--   env_key        digest of everything else the member rules read: rule settings, code lists, engine
--                  version, and the organizations of the province (src/app/quality/check-state.ts)
--   fixes_applied  the check applied the safe fixes (a check that must apply them cannot reuse one that did not)
--   person         the member as the duplicate-person matching sees it (toPersonForMatching), so the
--                  cross-record phase does not standardize unchanged members again
CREATE TABLE member_checks (
  member_id      bigint PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
  row_xmin       bigint NOT NULL,
  env_key        text NOT NULL,
  fixes_applied  boolean NOT NULL,
  person         jsonb NOT NULL
);

-- The matching phase of a province is skipped when no member changed since the last one (same members,
-- same settings, same decided pairs): matching_key digests those inputs.
CREATE TABLE province_checks (
  province_code  text PRIMARY KEY,
  matching_key   text NOT NULL,
  checked_at     timestamptz NOT NULL DEFAULT now()
);

-- A change to a member's findings made outside a re-check (a person dismissing, fixing or reopening one, a
-- merge moving them) makes the next re-check judge that member again: the re-check would rewrite them.
-- The re-check marks its own transactions with csdl.quality_recheck = 'on' and is not counted.
-- Statement-level with transition tables: one set-based DELETE per statement, however many findings it wrote.
CREATE FUNCTION member_checks_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM member_checks c USING old_rows o WHERE o.record_type = 'member' AND c.member_id = o.record_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    DELETE FROM member_checks c USING new_rows n WHERE n.record_type = 'member' AND c.member_id = n.record_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER findings_insert_forget_member_checks
  AFTER INSERT ON findings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT
  WHEN (current_setting('csdl.quality_recheck', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION member_checks_forget();
CREATE TRIGGER findings_update_forget_member_checks
  AFTER UPDATE ON findings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT
  WHEN (current_setting('csdl.quality_recheck', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION member_checks_forget();
CREATE TRIGGER findings_delete_forget_member_checks
  AFTER DELETE ON findings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT
  WHEN (current_setting('csdl.quality_recheck', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION member_checks_forget();

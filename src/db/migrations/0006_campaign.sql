-- The cleaning campaign (issue 8, Plan 291-KH/BTCTW): campaign settings, the status of each organization's
-- own data and of its members' data, responsibility per unit, problem reports (vướng mắc), daily burndown
-- snapshots, and the ROLL-UP AGGREGATES behind the dashboards.
-- Forward-only; runs unchanged on PGlite and on a PostgreSQL server.

-- ---------------------------------------------------------------------------
-- Campaigns. One open at a time (partial unique index); closed ones are kept as history.
-- Coverage: the whole tree, minus the top-level committees listed in excluded_root_ids (the plan leaves out
-- the Army and the Central Public Security party committees).
-- ---------------------------------------------------------------------------
CREATE TABLE campaigns (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name               text NOT NULL,
  starts_on          date NOT NULL,
  ends_on            date NOT NULL,
  reference_date     date NOT NULL,
  freeze_at          timestamptz,
  rule_settings_id   bigint REFERENCES rule_settings (id),
  excluded_root_ids  bigint[] NOT NULL DEFAULT '{}',
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  version            integer NOT NULL DEFAULT 1,
  created_by         bigint,
  created_at         timestamptz NOT NULL DEFAULT now(),
  closed_by          bigint,
  closed_at          timestamptz,
  CHECK (ends_on >= starts_on)
);
CREATE UNIQUE INDEX campaigns_one_open ON campaigns ((true)) WHERE status = 'open';

-- ---------------------------------------------------------------------------
-- Status of one unit in one campaign, separately for its organization data and its members' data.
--   not_started → in_progress → confirmed (the unit) → checked (the level above)
--                                confirmed|checked → returned (the level above, with a reason) → in_progress
-- A unit without a row is not_started. src/core/campaign/status-machine.ts holds the guards.
-- ---------------------------------------------------------------------------
CREATE TABLE campaign_unit_statuses (
  campaign_id       bigint NOT NULL REFERENCES campaigns (id),
  org_id            bigint NOT NULL REFERENCES organizations (id),
  part              text NOT NULL CHECK (part IN ('organization', 'members')),
  status            text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'confirmed', 'checked', 'returned')),
  confirmed_by      bigint,
  confirmed_by_name text,
  confirmed_at      timestamptz,
  checked_by        bigint,
  checked_by_name   text,
  checked_at        timestamptz,
  returned_by       bigint,
  returned_by_name  text,
  returned_at       timestamptz,
  return_reason     text,
  version           integer NOT NULL DEFAULT 1,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, org_id, part)
);
CREATE INDEX campaign_unit_statuses_status ON campaign_unit_statuses (campaign_id, status);

-- Every transition, for the history shown on a unit and the notification list.
CREATE TABLE campaign_status_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id  bigint NOT NULL REFERENCES campaigns (id),
  org_id       bigint NOT NULL REFERENCES organizations (id),
  part         text NOT NULL,
  action       text NOT NULL,
  from_status  text NOT NULL,
  to_status    text NOT NULL,
  reason       text,
  actor_id     bigint,
  actor_name   text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_status_events_org ON campaign_status_events (campaign_id, org_id, at DESC);
CREATE INDEX campaign_status_events_at ON campaign_status_events (campaign_id, at DESC);

-- Responsible person and assigned accounts of a unit in a campaign.
CREATE TABLE campaign_responsibilities (
  campaign_id   bigint NOT NULL REFERENCES campaigns (id),
  org_id        bigint NOT NULL REFERENCES organizations (id),
  person_name   text NOT NULL,
  position      text,
  contact       text,
  account_ids   bigint[] NOT NULL DEFAULT '{}',
  version       integer NOT NULL DEFAULT 1,
  updated_by    bigint,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, org_id)
);

-- Burndown: one row per campaign, organization and day, holding the last value captured that day
-- (org_id 0 = the whole country). Written from the maintained roll-ups, never by a scan.
CREATE TABLE campaign_daily_snapshots (
  campaign_id          bigint NOT NULL REFERENCES campaigns (id),
  org_id               bigint NOT NULL,
  day                  date NOT NULL,
  members              bigint NOT NULL,
  members_with_errors  bigint NOT NULL,
  open_errors          bigint NOT NULL,
  captured_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, org_id, day)
);

-- ---------------------------------------------------------------------------
-- Problem reports (vướng mắc): a unit files, the province focal point answers or escalates to the centre.
-- ---------------------------------------------------------------------------
CREATE TABLE problem_reports (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id     bigint REFERENCES campaigns (id),
  org_id          bigint NOT NULL REFERENCES organizations (id),
  province_code   text NOT NULL,
  category        text NOT NULL CHECK (category IN ('technical', 'data', 'access')),
  title           text NOT NULL,
  body            text NOT NULL,
  level           text NOT NULL DEFAULT 'province' CHECK (level IN ('province', 'centre')),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'resolved')),
  assignee_id     bigint,
  assignee_name   text,
  created_by      bigint,
  created_by_name text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  escalated_at    timestamptz,
  escalated_by    bigint,
  resolved_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX problem_reports_province ON problem_reports (province_code, status, created_at DESC);
CREATE INDEX problem_reports_level ON problem_reports (level, status, created_at DESC);

CREATE TABLE problem_report_replies (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id   bigint NOT NULL REFERENCES problem_reports (id),
  body        text NOT NULL,
  kind        text NOT NULL DEFAULT 'reply' CHECK (kind IN ('reply', 'escalation', 'resolution')),
  author_id   bigint,
  author_name text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX problem_report_replies_report ON problem_report_replies (report_id, at);

-- Attachment bytes live under DATA_DIR/problem-reports/<report id>/<storage_name>; the row is the index.
CREATE TABLE problem_report_attachments (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id     bigint NOT NULL REFERENCES problem_reports (id),
  file_name     text NOT NULL,
  content_type  text NOT NULL,
  size          integer NOT NULL,
  sha256        text NOT NULL,
  storage_name  text NOT NULL,
  uploaded_by   bigint,
  uploaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX problem_report_attachments_report ON problem_report_attachments (report_id);

-- ===========================================================================
-- ROLL-UP AGGREGATES, maintained by statement-level triggers (with transition tables) on members, findings,
-- organizations and campaign_unit_statuses: whoever writes (an edit, a re-check, an import's COPY and merge,
-- a duplicate merge or its undo, a move, a path repair) keeps them exact in its own transaction.
--
-- Definitions (the *_recount views below are the same definitions computed from scratch):
--   members               member rows not merged into another (merged_into_id IS NULL), by members.org_id
--   members_with_errors   such members with at least one open finding of severity 'error' on the member
--   open_errors/warnings  open findings of severity error / warning, by findings.org_id (any record type)
--   org_open_errors       open 'error' findings on the organization record itself
--   units                 organizations with status HOAT_DONG
--   own_* = the organization's own rows; sub_* = its whole subtree, itself included (path prefix).
--
-- Exactness under concurrency (READ COMMITTED): every increment is "x = x + delta" under the row lock of
-- the upsert. Organization rows of the records touched are locked FOR SHARE before their path is read, so a
-- concurrent move either waits for us or we wait for it and read the new path. A member's "has open errors"
-- attribution lives in rollup_member_state, whose row lock orders findings changes against moves/merges of
-- the same member. Upserts are issued in org_id order to keep lock order stable.
-- ===========================================================================
CREATE TABLE org_rollups (
  org_id                   bigint PRIMARY KEY,
  own_members              bigint NOT NULL DEFAULT 0,
  own_members_with_errors  bigint NOT NULL DEFAULT 0,
  own_open_errors          bigint NOT NULL DEFAULT 0,
  own_open_warnings        bigint NOT NULL DEFAULT 0,
  own_org_open_errors      bigint NOT NULL DEFAULT 0,
  sub_members              bigint NOT NULL DEFAULT 0,
  sub_members_with_errors  bigint NOT NULL DEFAULT 0,
  sub_open_errors          bigint NOT NULL DEFAULT 0,
  sub_open_warnings        bigint NOT NULL DEFAULT 0,
  sub_org_open_errors      bigint NOT NULL DEFAULT 0,
  sub_units                bigint NOT NULL DEFAULT 0
);

CREATE TABLE org_rule_rollups (
  org_id      bigint NOT NULL,
  rule_group  text NOT NULL,
  rule        text NOT NULL,
  severity    text NOT NULL,
  own_open    bigint NOT NULL DEFAULT 0,
  sub_open    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, rule_group, rule, severity)
);

CREATE TABLE campaign_status_rollups (
  campaign_id  bigint NOT NULL,
  org_id       bigint NOT NULL,
  part         text NOT NULL,
  status       text NOT NULL,
  sub_count    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, org_id, part, status)
);

-- How each member's "has open errors" is currently attributed (org_id, counted) and its open error count.
-- last_delta: the change the latest findings statement applied, so its RETURNING carries both the new count
-- and the delta (joining the upsert's output back to its input is a nested loop over two CTEs: quadratic).
CREATE TABLE rollup_member_state (
  member_id    bigint PRIMARY KEY,
  org_id       bigint NOT NULL,
  is_counted   boolean NOT NULL,
  open_errors  integer NOT NULL DEFAULT 0,
  last_delta   integer NOT NULL DEFAULT 0
);

-- The ids of a materialized path "/1/22/333/" → {1,22,333}: the organization and all its ancestors.
CREATE FUNCTION rollup_path_ids(p text) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN btrim(p, '/') = '' THEN '{}'::bigint[] ELSE string_to_array(btrim(p, '/'), '/')::bigint[] END
$$;

-- Adds per-organization deltas: own_* to the organization, sub_* to it and every ancestor (ids of `paths`).
-- is_own = false applies only the sub_* part (an organization's contribution moving with its path).
CREATE FUNCTION rollup_apply(org_ids bigint[], paths text[], is_own boolean[], d_members bigint[],
  d_with_errors bigint[], d_errors bigint[], d_warnings bigint[], d_org_errors bigint[], d_units bigint[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO org_rollups AS r (org_id, own_members, own_members_with_errors, own_open_errors, own_open_warnings,
    own_org_open_errors, sub_members, sub_members_with_errors, sub_open_errors, sub_open_warnings,
    sub_org_open_errors, sub_units)
  SELECT a.id,
    coalesce(sum(d.m) FILTER (WHERE d.own AND a.id = d.org_id), 0),
    coalesce(sum(d.we) FILTER (WHERE d.own AND a.id = d.org_id), 0),
    coalesce(sum(d.e) FILTER (WHERE d.own AND a.id = d.org_id), 0),
    coalesce(sum(d.w) FILTER (WHERE d.own AND a.id = d.org_id), 0),
    coalesce(sum(d.oe) FILTER (WHERE d.own AND a.id = d.org_id), 0),
    sum(d.m), sum(d.we), sum(d.e), sum(d.w), sum(d.oe), sum(d.u)
  FROM unnest(org_ids, paths, is_own, d_members, d_with_errors, d_errors, d_warnings, d_org_errors, d_units)
       AS d(org_id, path, own, m, we, e, w, oe, u)
  CROSS JOIN LATERAL unnest(rollup_path_ids(d.path)) AS a(id)
  GROUP BY a.id
  HAVING sum(abs(d.m) + abs(d.we) + abs(d.e) + abs(d.w) + abs(d.oe) + abs(d.u)) <> 0
  ORDER BY a.id
  ON CONFLICT (org_id) DO UPDATE SET
    own_members = r.own_members + excluded.own_members,
    own_members_with_errors = r.own_members_with_errors + excluded.own_members_with_errors,
    own_open_errors = r.own_open_errors + excluded.own_open_errors,
    own_open_warnings = r.own_open_warnings + excluded.own_open_warnings,
    own_org_open_errors = r.own_org_open_errors + excluded.own_org_open_errors,
    sub_members = r.sub_members + excluded.sub_members,
    sub_members_with_errors = r.sub_members_with_errors + excluded.sub_members_with_errors,
    sub_open_errors = r.sub_open_errors + excluded.sub_open_errors,
    sub_open_warnings = r.sub_open_warnings + excluded.sub_open_warnings,
    sub_org_open_errors = r.sub_org_open_errors + excluded.sub_org_open_errors,
    sub_units = r.sub_units + excluded.sub_units;
END;
$$;

CREATE FUNCTION rollup_apply_rules(org_ids bigint[], paths text[], is_own boolean[], groups text[], rules text[],
  severities text[], deltas bigint[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO org_rule_rollups AS r (org_id, rule_group, rule, severity, own_open, sub_open)
  SELECT a.id, d.g, d.r, d.s, coalesce(sum(d.n) FILTER (WHERE d.own AND a.id = d.org_id), 0), sum(d.n)
  FROM unnest(org_ids, paths, is_own, groups, rules, severities, deltas) AS d(org_id, path, own, g, r, s, n)
  CROSS JOIN LATERAL unnest(rollup_path_ids(d.path)) AS a(id)
  GROUP BY a.id, d.g, d.r, d.s
  HAVING sum(abs(d.n)) <> 0
  ORDER BY a.id, d.g, d.r, d.s
  ON CONFLICT (org_id, rule_group, rule, severity) DO UPDATE SET
    own_open = r.own_open + excluded.own_open,
    sub_open = r.sub_open + excluded.sub_open;
END;
$$;

CREATE FUNCTION rollup_apply_statuses(campaign_ids bigint[], paths text[], parts text[], statuses text[],
  deltas bigint[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO campaign_status_rollups AS r (campaign_id, org_id, part, status, sub_count)
  SELECT d.c, a.id, d.p, d.s, sum(d.n)
  FROM unnest(campaign_ids, paths, parts, statuses, deltas) AS d(c, path, p, s, n)
  CROSS JOIN LATERAL unnest(rollup_path_ids(d.path)) AS a(id)
  WHERE d.s <> 'not_started'
  GROUP BY d.c, a.id, d.p, d.s
  HAVING sum(d.n) <> 0
  ORDER BY a.id, d.c, d.p, d.s
  ON CONFLICT (campaign_id, org_id, part, status) DO UPDATE SET sub_count = r.sub_count + excluded.sub_count;
END;
$$;

-- Locks the organizations FOR SHARE (ordered) so their paths cannot move under us until commit.
CREATE FUNCTION rollup_lock_orgs(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM organizations WHERE id = ANY (ids) ORDER BY id FOR SHARE;
END;
$$;

-- ---------------------------------------------------------------------------
-- members
-- ---------------------------------------------------------------------------
CREATE FUNCTION rollup_members_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_d record;
BEGIN
  PERFORM rollup_lock_orgs(ARRAY(SELECT DISTINCT org_id FROM new_rows WHERE merged_into_id IS NULL));
  SELECT array_agg(x.org_id) AS ids, array_agg(o.path) AS paths, array_agg(true) AS own, array_agg(x.n) AS n,
         array_agg(0::bigint) AS z
    INTO v_d
    FROM (SELECT org_id, count(*) AS n FROM new_rows WHERE merged_into_id IS NULL GROUP BY org_id) x
    JOIN organizations o ON o.id = x.org_id;
  IF v_d.ids IS NOT NULL THEN
    PERFORM rollup_apply(v_d.ids, v_d.paths, v_d.own, v_d.n, v_d.z, v_d.z, v_d.z, v_d.z, v_d.z);
  END IF;
  RETURN NULL;
END;
$$;

-- A member changing organization or merged state: its count moves; its "has errors" contribution moves with
-- the attribution kept in rollup_member_state (locked, so a concurrent findings change is ordered with us).
CREATE FUNCTION rollup_members_change(p_old_org bigint[], p_old_counted boolean[], p_member bigint[],
  p_new_org bigint[], p_new_counted boolean[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_d record;
BEGIN
  PERFORM rollup_lock_orgs(ARRAY(SELECT unnest(p_old_org) UNION SELECT unnest(p_new_org)));
  -- Ensure a state row per member (a concurrent findings writer creating one makes us wait), then lock all.
  INSERT INTO rollup_member_state (member_id, org_id, is_counted)
    SELECT m, o, c FROM unnest(p_member, p_new_org, p_new_counted) AS t(m, o, c)
    WHERE o IS NOT NULL ORDER BY m
    ON CONFLICT (member_id) DO NOTHING;
  PERFORM 1 FROM rollup_member_state WHERE member_id = ANY (p_member) ORDER BY member_id FOR UPDATE;
  WITH t AS (
    SELECT * FROM unnest(p_old_org, p_old_counted, p_member, p_new_org, p_new_counted) AS t(oo, oc, m, no, nc)
  ), s AS (
    SELECT t.*, st.org_id AS so, st.is_counted AS sc, st.open_errors AS se
    FROM t LEFT JOIN rollup_member_state st ON st.member_id = t.m
  ), deltas AS (
    -- member count: from the old row to the new row
    SELECT oo AS org_id, -1::bigint AS m, 0::bigint AS we FROM s WHERE oo IS NOT NULL AND oc
    UNION ALL SELECT no, 1, 0 FROM s WHERE no IS NOT NULL AND nc
    -- has-errors: from the recorded attribution to the new one
    UNION ALL SELECT so, 0, -1 FROM s WHERE so IS NOT NULL AND sc AND se > 0
    UNION ALL SELECT no, 0, 1 FROM s WHERE no IS NOT NULL AND nc AND coalesce(se, 0) > 0
  ), g AS (
    SELECT org_id, sum(m) AS m, sum(we) AS we FROM deltas GROUP BY org_id
  )
  SELECT array_agg(g.org_id) AS ids, array_agg(o.path) AS paths, array_agg(true) AS own,
         array_agg(g.m::bigint) AS m, array_agg(g.we::bigint) AS we, array_agg(0::bigint) AS z
    INTO v_d FROM g JOIN organizations o ON o.id = g.org_id;
  IF v_d.ids IS NOT NULL THEN
    PERFORM rollup_apply(v_d.ids, v_d.paths, v_d.own, v_d.m, v_d.we, v_d.z, v_d.z, v_d.z, v_d.z);
  END IF;
  UPDATE rollup_member_state st SET org_id = t.no, is_counted = t.nc
    FROM unnest(p_member, p_new_org, p_new_counted) AS t(m, no, nc)
    WHERE st.member_id = t.m AND t.no IS NOT NULL;
  DELETE FROM rollup_member_state WHERE member_id IN
    (SELECT m FROM unnest(p_member, p_new_org) AS t(m, no) WHERE no IS NULL);
END;
$$;

CREATE FUNCTION rollup_members_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_c record;
BEGIN
  SELECT array_agg(o.org_id) AS oo, array_agg(o.merged_into_id IS NULL) AS oc, array_agg(n.id) AS m,
         array_agg(n.org_id) AS no, array_agg(n.merged_into_id IS NULL) AS nc
    INTO v_c
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE o.org_id IS DISTINCT FROM n.org_id OR (o.merged_into_id IS NULL) <> (n.merged_into_id IS NULL);
  IF v_c.m IS NOT NULL THEN
    PERFORM rollup_members_change(v_c.oo, v_c.oc, v_c.m, v_c.no, v_c.nc);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION rollup_members_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_c record;
BEGIN
  SELECT array_agg(o.org_id) AS oo, array_agg(o.merged_into_id IS NULL) AS oc, array_agg(o.id) AS m,
         array_agg(NULL::bigint) AS no, array_agg(false) AS nc
    INTO v_c FROM old_rows o;
  IF v_c.m IS NOT NULL THEN
    PERFORM rollup_members_change(v_c.oo, v_c.oc, v_c.m, v_c.no, v_c.nc);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER rollup_members_insert AFTER INSERT ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_members_insert();
CREATE TRIGGER rollup_members_update AFTER UPDATE ON members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_members_update();
CREATE TRIGGER rollup_members_delete AFTER DELETE ON members
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_members_delete();

-- ---------------------------------------------------------------------------
-- findings: the same function for the three events, fed with the rows that left (sign -1) and came (+1).
-- ---------------------------------------------------------------------------
CREATE FUNCTION rollup_findings_change(p_sign integer[], p_type text[], p_record bigint[], p_org bigint[],
  p_group text[], p_rule text[], p_severity text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_d record;
  v_e record;
BEGIN
  PERFORM rollup_lock_orgs(ARRAY(
    SELECT unnest(p_org)
    UNION SELECT m.org_id FROM members m
      WHERE m.id IN (SELECT r FROM unnest(p_type, p_record) AS x(t, r) WHERE t = 'member')));

  -- open findings by rule
  SELECT array_agg(x.org_id) AS ids, array_agg(o.path) AS paths, array_agg(true) AS own, array_agg(x.g) AS g,
         array_agg(x.r) AS r, array_agg(x.s) AS s, array_agg(x.n) AS n
    INTO v_d
    FROM (SELECT org_id, g, r, s, sum(sign)::bigint AS n
          FROM unnest(p_sign, p_org, p_group, p_rule, p_severity) AS x(sign, org_id, g, r, s)
          GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0) x
    JOIN organizations o ON o.id = x.org_id;
  IF v_d.ids IS NOT NULL THEN
    PERFORM rollup_apply_rules(v_d.ids, v_d.paths, v_d.own, v_d.g, v_d.r, v_d.s, v_d.n);
  END IF;

  -- errors and warnings by organization; members whose "has open errors" flips
  WITH delta AS (
    SELECT * FROM unnest(p_sign, p_type, p_record, p_org, p_severity) AS x(sign, record_type, record_id, org_id, severity)
  ), per_member AS (
    SELECT record_id AS member_id, sum(sign)::integer AS n FROM delta
    WHERE record_type = 'member' AND severity = 'error' GROUP BY record_id HAVING sum(sign) <> 0
  ), up AS (
    INSERT INTO rollup_member_state AS st (member_id, org_id, is_counted, open_errors, last_delta)
    SELECT p.member_id, m.org_id, m.merged_into_id IS NULL, p.n, p.n FROM per_member p JOIN members m ON m.id = p.member_id
    ORDER BY p.member_id
    ON CONFLICT (member_id) DO UPDATE SET open_errors = st.open_errors + excluded.open_errors,
      last_delta = excluded.open_errors
    RETURNING st.org_id, st.is_counted, st.open_errors AS after_n, st.last_delta AS n
  ), flips AS (
    SELECT up.org_id, CASE WHEN up.after_n > 0 AND up.after_n - up.n <= 0 THEN 1
                           WHEN up.after_n <= 0 AND up.after_n - up.n > 0 THEN -1 ELSE 0 END::bigint AS we
    FROM up WHERE up.is_counted
  ), per_org AS (
    SELECT org_id, 0::bigint AS we,
      coalesce(sum(sign) FILTER (WHERE severity = 'error'), 0)::bigint AS e,
      coalesce(sum(sign) FILTER (WHERE severity = 'warning'), 0)::bigint AS w,
      coalesce(sum(sign) FILTER (WHERE severity = 'error' AND record_type = 'organization'), 0)::bigint AS oe
    FROM delta GROUP BY org_id
    UNION ALL SELECT org_id, we, 0, 0, 0 FROM flips WHERE we <> 0
  ), g AS (
    SELECT org_id, sum(we) AS we, sum(e) AS e, sum(w) AS w, sum(oe) AS oe FROM per_org GROUP BY org_id
  )
  SELECT array_agg(g.org_id) AS ids, array_agg(o.path) AS paths, array_agg(true) AS own,
         array_agg(g.we::bigint) AS we, array_agg(g.e::bigint) AS e, array_agg(g.w::bigint) AS w,
         array_agg(g.oe::bigint) AS oe, array_agg(0::bigint) AS z
    INTO v_e FROM g JOIN organizations o ON o.id = g.org_id;
  IF v_e.ids IS NOT NULL THEN
    PERFORM rollup_apply(v_e.ids, v_e.paths, v_e.own, v_e.z, v_e.we, v_e.e, v_e.w, v_e.oe, v_e.z);
  END IF;
END;
$$;

CREATE FUNCTION rollup_findings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_c record;
BEGIN
  SELECT array_agg(1) AS s, array_agg(record_type) AS t, array_agg(record_id) AS r, array_agg(org_id) AS o,
         array_agg(rule_group) AS g, array_agg(rule) AS ru, array_agg(severity) AS sv, array_agg(status) AS st
    INTO v_c FROM new_rows WHERE status = 'open';
  IF v_c.s IS NOT NULL THEN
    PERFORM rollup_findings_change(v_c.s, v_c.t, v_c.r, v_c.o, v_c.g, v_c.ru, v_c.sv);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION rollup_findings_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_c record;
BEGIN
  -- Only rows whose counted identity changed: status, severity, rule, group, organization or record.
  WITH changed AS (
    SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.status = 'open' OR n.status = 'open')
      AND (o.status, o.severity, o.rule, o.rule_group, o.org_id, o.record_id, o.record_type)
          IS DISTINCT FROM (n.status, n.severity, n.rule, n.rule_group, n.org_id, n.record_id, n.record_type)
  ), rows AS (
    SELECT -1 AS s, o.record_type, o.record_id, o.org_id, o.rule_group, o.rule, o.severity, o.status
      FROM old_rows o WHERE o.id IN (SELECT id FROM changed) AND o.status = 'open'
    UNION ALL
    SELECT 1, n.record_type, n.record_id, n.org_id, n.rule_group, n.rule, n.severity, n.status
      FROM new_rows n WHERE n.id IN (SELECT id FROM changed) AND n.status = 'open'
  )
  SELECT array_agg(s) AS s, array_agg(record_type) AS t, array_agg(record_id) AS r, array_agg(org_id) AS o,
         array_agg(rule_group) AS g, array_agg(rule) AS ru, array_agg(severity) AS sv, array_agg(status) AS st
    INTO v_c FROM rows;
  IF v_c.s IS NOT NULL THEN
    PERFORM rollup_findings_change(v_c.s, v_c.t, v_c.r, v_c.o, v_c.g, v_c.ru, v_c.sv);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION rollup_findings_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_c record;
BEGIN
  SELECT array_agg(-1) AS s, array_agg(record_type) AS t, array_agg(record_id) AS r, array_agg(org_id) AS o,
         array_agg(rule_group) AS g, array_agg(rule) AS ru, array_agg(severity) AS sv, array_agg(status) AS st
    INTO v_c FROM old_rows WHERE status = 'open';
  IF v_c.s IS NOT NULL THEN
    PERFORM rollup_findings_change(v_c.s, v_c.t, v_c.r, v_c.o, v_c.g, v_c.ru, v_c.sv);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER rollup_findings_insert AFTER INSERT ON findings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_findings_insert();
CREATE TRIGGER rollup_findings_update AFTER UPDATE ON findings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_findings_update();
CREATE TRIGGER rollup_findings_delete AFTER DELETE ON findings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_findings_delete();

-- ---------------------------------------------------------------------------
-- organizations: a new, dissolved or deleted unit changes the unit counts; a path change (move, import path
-- repair) moves each moved organization's OWN contribution from the ids of its old path to those of its new
-- path. Summed over every row whose path changed, that is exact for any rearrangement in one statement.
-- ---------------------------------------------------------------------------
CREATE FUNCTION rollup_organizations_change(p_id bigint[], p_old_path text[], p_old_active boolean[],
  p_new_path text[], p_new_active boolean[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_d record;
  v_r record;
  v_s record;
BEGIN
  -- Lock the rollup rows of the organizations whose path changes, so their own values are final when read.
  PERFORM 1 FROM org_rollups WHERE org_id IN (
    SELECT i FROM unnest(p_id, p_old_path, p_new_path) AS t(i, op, np) WHERE op IS DISTINCT FROM np)
    ORDER BY org_id FOR UPDATE;
  WITH t AS (
    SELECT * FROM unnest(p_id, p_old_path, p_old_active, p_new_path, p_new_active) AS t(i, op, oa, np, na)
  ), x AS (
    SELECT t.i, t.op AS path, -1 AS sign, t.oa AS active, t.op IS DISTINCT FROM t.np AS moved FROM t
      WHERE t.op IS NOT NULL
    UNION ALL
    SELECT t.i, t.np, 1, t.na, t.op IS DISTINCT FROM t.np FROM t WHERE t.np IS NOT NULL
  )
  SELECT array_agg(x.i) AS ids, array_agg(x.path) AS paths, array_agg(false) AS own,
         array_agg(CASE WHEN x.moved THEN x.sign * coalesce(r.own_members, 0) ELSE 0 END::bigint) AS m,
         array_agg(CASE WHEN x.moved THEN x.sign * coalesce(r.own_members_with_errors, 0) ELSE 0 END::bigint) AS we,
         array_agg(CASE WHEN x.moved THEN x.sign * coalesce(r.own_open_errors, 0) ELSE 0 END::bigint) AS e,
         array_agg(CASE WHEN x.moved THEN x.sign * coalesce(r.own_open_warnings, 0) ELSE 0 END::bigint) AS w,
         array_agg(CASE WHEN x.moved THEN x.sign * coalesce(r.own_org_open_errors, 0) ELSE 0 END::bigint) AS oe,
         array_agg((x.sign * (CASE WHEN x.active THEN 1 ELSE 0 END))::bigint) AS u
    INTO v_d FROM x LEFT JOIN org_rollups r ON r.org_id = x.i;
  IF v_d.ids IS NOT NULL THEN
    PERFORM rollup_apply(v_d.ids, v_d.paths, v_d.own, v_d.m, v_d.we, v_d.e, v_d.w, v_d.oe, v_d.u);
  END IF;

  WITH t AS (
    SELECT * FROM unnest(p_id, p_old_path, p_new_path) AS t(i, op, np) WHERE op IS DISTINCT FROM np
  ), x AS (
    SELECT t.i, t.op AS path, -1 AS sign FROM t WHERE t.op IS NOT NULL
    UNION ALL SELECT t.i, t.np, 1 FROM t WHERE t.np IS NOT NULL
  )
  SELECT array_agg(x.i) AS ids, array_agg(x.path) AS paths, array_agg(false) AS own, array_agg(q.rule_group) AS g,
         array_agg(q.rule) AS ru, array_agg(q.severity) AS sv, array_agg((x.sign * q.own_open)::bigint) AS n
    INTO v_r FROM x JOIN org_rule_rollups q ON q.org_id = x.i AND q.own_open <> 0;
  IF v_r.ids IS NOT NULL THEN
    PERFORM rollup_apply_rules(v_r.ids, v_r.paths, v_r.own, v_r.g, v_r.ru, v_r.sv, v_r.n);
  END IF;

  WITH t AS (
    SELECT * FROM unnest(p_id, p_old_path, p_new_path) AS t(i, op, np) WHERE op IS DISTINCT FROM np
  ), x AS (
    SELECT t.i, t.op AS path, -1 AS sign FROM t WHERE t.op IS NOT NULL
    UNION ALL SELECT t.i, t.np, 1 FROM t WHERE t.np IS NOT NULL
  )
  SELECT array_agg(c.campaign_id) AS c, array_agg(x.path) AS paths, array_agg(c.part) AS p,
         array_agg(c.status) AS st, array_agg(x.sign::bigint) AS n
    INTO v_s FROM x JOIN campaign_unit_statuses c ON c.org_id = x.i;
  IF v_s.c IS NOT NULL THEN
    PERFORM rollup_apply_statuses(v_s.c, v_s.paths, v_s.p, v_s.st, v_s.n);
  END IF;
END;
$$;

CREATE FUNCTION rollup_organizations_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_c record;
BEGIN
  SELECT array_agg(id) AS i, array_agg(NULL::text) AS op, array_agg(false) AS oa, array_agg(path) AS np,
         array_agg(status = 'HOAT_DONG') AS na
    INTO v_c FROM new_rows;
  IF v_c.i IS NOT NULL THEN
    PERFORM rollup_organizations_change(v_c.i, v_c.op, v_c.oa, v_c.np, v_c.na);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION rollup_organizations_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_c record;
BEGIN
  SELECT array_agg(n.id) AS i, array_agg(o.path) AS op, array_agg(o.status = 'HOAT_DONG') AS oa,
         array_agg(n.path) AS np, array_agg(n.status = 'HOAT_DONG') AS na
    INTO v_c FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE o.path <> n.path OR (o.status = 'HOAT_DONG') <> (n.status = 'HOAT_DONG');
  IF v_c.i IS NOT NULL THEN
    PERFORM rollup_organizations_change(v_c.i, v_c.op, v_c.oa, v_c.np, v_c.na);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION rollup_organizations_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_c record;
BEGIN
  SELECT array_agg(id) AS i, array_agg(path) AS op, array_agg(status = 'HOAT_DONG') AS oa,
         array_agg(NULL::text) AS np, array_agg(false) AS na
    INTO v_c FROM old_rows;
  IF v_c.i IS NOT NULL THEN
    PERFORM rollup_organizations_change(v_c.i, v_c.op, v_c.oa, v_c.np, v_c.na);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER rollup_organizations_insert AFTER INSERT ON organizations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_organizations_insert();
CREATE TRIGGER rollup_organizations_update AFTER UPDATE ON organizations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_organizations_update();
CREATE TRIGGER rollup_organizations_delete AFTER DELETE ON organizations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_organizations_delete();

-- ---------------------------------------------------------------------------
-- campaign_unit_statuses: one row at a time (campaign operations), so a row trigger.
-- ---------------------------------------------------------------------------
CREATE FUNCTION rollup_unit_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p text;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.org_id = NEW.org_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT path INTO p FROM organizations WHERE id = OLD.org_id FOR SHARE;
    PERFORM rollup_apply_statuses(ARRAY[OLD.campaign_id], ARRAY[p], ARRAY[OLD.part], ARRAY[OLD.status], ARRAY[-1::bigint]);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    SELECT path INTO p FROM organizations WHERE id = NEW.org_id FOR SHARE;
    PERFORM rollup_apply_statuses(ARRAY[NEW.campaign_id], ARRAY[p], ARRAY[NEW.part], ARRAY[NEW.status], ARRAY[1::bigint]);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER rollup_unit_status AFTER INSERT OR UPDATE OR DELETE ON campaign_unit_statuses
  FOR EACH ROW EXECUTE FUNCTION rollup_unit_status();

-- ===========================================================================
-- The same aggregates recomputed from scratch (full scans): the backfill below, the tests' comparison with
-- the maintained tables, and the benchmark's baseline.
-- ===========================================================================
CREATE VIEW org_rollups_recount AS
WITH own AS (
  SELECT o.id AS org_id, o.path, (o.status = 'HOAT_DONG')::int AS active,
    coalesce(m.members, 0) AS members, coalesce(m.with_errors, 0) AS with_errors,
    coalesce(f.errors, 0) AS errors, coalesce(f.warnings, 0) AS warnings, coalesce(f.org_errors, 0) AS org_errors
  FROM organizations o
  LEFT JOIN (
    SELECT mm.org_id, count(*) AS members,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM findings ff WHERE ff.record_type = 'member'
        AND ff.record_id = mm.id AND ff.status = 'open' AND ff.severity = 'error')) AS with_errors
    FROM members mm WHERE mm.merged_into_id IS NULL GROUP BY mm.org_id
  ) m ON m.org_id = o.id
  LEFT JOIN (
    SELECT org_id, count(*) FILTER (WHERE severity = 'error') AS errors,
      count(*) FILTER (WHERE severity = 'warning') AS warnings,
      count(*) FILTER (WHERE severity = 'error' AND record_type = 'organization') AS org_errors
    FROM findings WHERE status = 'open' GROUP BY org_id
  ) f ON f.org_id = o.id
)
SELECT a.id AS org_id,
  sum(own.members) FILTER (WHERE own.org_id = a.id)::bigint AS own_members,
  sum(own.with_errors) FILTER (WHERE own.org_id = a.id)::bigint AS own_members_with_errors,
  sum(own.errors) FILTER (WHERE own.org_id = a.id)::bigint AS own_open_errors,
  sum(own.warnings) FILTER (WHERE own.org_id = a.id)::bigint AS own_open_warnings,
  sum(own.org_errors) FILTER (WHERE own.org_id = a.id)::bigint AS own_org_open_errors,
  sum(own.members)::bigint AS sub_members, sum(own.with_errors)::bigint AS sub_members_with_errors,
  sum(own.errors)::bigint AS sub_open_errors, sum(own.warnings)::bigint AS sub_open_warnings,
  sum(own.org_errors)::bigint AS sub_org_open_errors, sum(own.active)::bigint AS sub_units
FROM own CROSS JOIN LATERAL unnest(rollup_path_ids(own.path)) AS a(id)
GROUP BY a.id;

CREATE VIEW org_rule_rollups_recount AS
SELECT a.id AS org_id, f.rule_group, f.rule, f.severity,
  count(*) FILTER (WHERE f.org_id = a.id)::bigint AS own_open, count(*)::bigint AS sub_open
FROM findings f JOIN organizations o ON o.id = f.org_id
CROSS JOIN LATERAL unnest(rollup_path_ids(o.path)) AS a(id)
WHERE f.status = 'open'
GROUP BY a.id, f.rule_group, f.rule, f.severity;

CREATE VIEW campaign_status_rollups_recount AS
SELECT c.campaign_id, a.id AS org_id, c.part, c.status, count(*)::bigint AS sub_count
FROM campaign_unit_statuses c JOIN organizations o ON o.id = c.org_id
CROSS JOIN LATERAL unnest(rollup_path_ids(o.path)) AS a(id)
WHERE c.status <> 'not_started'
GROUP BY c.campaign_id, a.id, c.part, c.status;

-- Backfill from the data already there.
INSERT INTO org_rollups SELECT org_id, coalesce(own_members, 0), coalesce(own_members_with_errors, 0),
  coalesce(own_open_errors, 0), coalesce(own_open_warnings, 0), coalesce(own_org_open_errors, 0), sub_members,
  sub_members_with_errors, sub_open_errors, sub_open_warnings, sub_org_open_errors, sub_units
  FROM org_rollups_recount;
INSERT INTO org_rule_rollups SELECT * FROM org_rule_rollups_recount;
INSERT INTO rollup_member_state (member_id, org_id, is_counted, open_errors)
  SELECT m.id, m.org_id, m.merged_into_id IS NULL, count(*)
  FROM findings f JOIN members m ON m.id = f.record_id
  WHERE f.record_type = 'member' AND f.status = 'open' AND f.severity = 'error'
  GROUP BY m.id, m.org_id, m.merged_into_id;

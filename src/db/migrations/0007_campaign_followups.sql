-- Campaign follow-ups (issue 8): a confirmed or checked unit is reopened by the system when new open errors
-- appear for it. Forward-only; runs unchanged on PGlite and on a PostgreSQL server.

-- ---------------------------------------------------------------------------
-- Reopening. A unit whose organization data or members' data is confirmed/checked goes back to in_progress
-- ("Đang làm sạch") when new open errors appear for that data, with a system event (reason below) in its status
-- history, which the notification list shows, and an audit row.
--
-- WHERE: a row trigger on org_rollups. Every writer of findings and members already maintains org_rollups in
-- its own transaction through the statement triggers of 0006_campaign.sql (an import's COPY and merge, a
-- re-check, an edit, a bulk fix and its undo, a duplicate merge and its undo, a move of a member), so the rule
-- holds for whatever path creates the finding, including paths added later; hooking the operations instead
-- would miss one sooner or later, and a second trigger on findings would redo the attribution of each finding
-- to its unit that the roll-up triggers already do. The WHEN clauses make it free for the rows that do not
-- qualify: an ancestor's own_* columns never change when a descendant's findings do, and decreases (fixes)
-- never reopen.
--
-- "New errors" of a unit:
--   organization data  own_org_open_errors grows (open errors on the organization record itself);
--   members' data      own_members_with_errors grows (a member gains its first open error, or moves in with
--                      one) or the open errors on its members grow (own_open_errors - own_org_open_errors).
-- A confirmation needs zero open errors (status-machine.ts), so any growth after it is a new error.
--
-- Concurrency: the unit's status rows are locked FOR UPDATE whatever their status, so a confirmation running
-- at the same time (actOnUnit locks the row, then counts the open errors) either commits first and is reopened
-- here, or waits for our commit and then counts our errors and refuses.
-- ---------------------------------------------------------------------------
CREATE FUNCTION campaign_reopen_on_new_errors() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_org_up boolean;
  v_members_up boolean;
  v_row record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    v_org_up := NEW.own_org_open_errors > 0;
    v_members_up := NEW.own_members_with_errors > 0 OR NEW.own_open_errors > NEW.own_org_open_errors;
  ELSE
    v_org_up := NEW.own_org_open_errors > OLD.own_org_open_errors;
    v_members_up := NEW.own_members_with_errors > OLD.own_members_with_errors
      OR NEW.own_open_errors - NEW.own_org_open_errors > OLD.own_open_errors - OLD.own_org_open_errors;
  END IF;
  FOR v_row IN
    SELECT s.campaign_id, s.part, s.status FROM campaign_unit_statuses s
    JOIN campaigns c ON c.id = s.campaign_id AND c.status = 'open'
    WHERE s.org_id = NEW.org_id ORDER BY s.campaign_id, s.part FOR UPDATE OF s
  LOOP
    IF v_row.status IN ('confirmed', 'checked')
       AND ((v_row.part = 'organization' AND v_org_up) OR (v_row.part = 'members' AND v_members_up)) THEN
      UPDATE campaign_unit_statuses SET status = 'in_progress', checked_by = NULL, checked_by_name = NULL,
          checked_at = NULL, version = version + 1, updated_at = now()
        WHERE campaign_id = v_row.campaign_id AND org_id = NEW.org_id AND part = v_row.part;
      INSERT INTO campaign_status_events (campaign_id, org_id, part, action, from_status, to_status, reason,
          actor_id, actor_name)
        VALUES (v_row.campaign_id, NEW.org_id, v_row.part, 'reopen', v_row.status, 'in_progress',
          'Có lỗi mới phát sinh sau khi xác nhận', NULL, 'Hệ thống');
      INSERT INTO audit_log (actor_id, actor_name, action, entity, entity_id, province_code, before, after)
        SELECT NULL, 'Hệ thống', 'campaign.reopen', 'organization', o.id::text, o.province_code,
          jsonb_build_object('campaignId', v_row.campaign_id, 'part', v_row.part, 'status', v_row.status),
          jsonb_build_object('campaignId', v_row.campaign_id, 'part', v_row.part, 'status', 'in_progress',
            'reason', 'Có lỗi mới phát sinh sau khi xác nhận')
        FROM organizations o WHERE o.id = NEW.org_id;
    END IF;
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER campaign_reopen_on_new_errors_insert AFTER INSERT ON org_rollups
  FOR EACH ROW
  WHEN (NEW.own_org_open_errors > 0 OR NEW.own_members_with_errors > 0
        OR NEW.own_open_errors > NEW.own_org_open_errors)
  EXECUTE FUNCTION campaign_reopen_on_new_errors();
CREATE TRIGGER campaign_reopen_on_new_errors_update AFTER UPDATE ON org_rollups
  FOR EACH ROW
  WHEN (NEW.own_org_open_errors > OLD.own_org_open_errors
        OR NEW.own_members_with_errors > OLD.own_members_with_errors
        OR NEW.own_open_errors - NEW.own_org_open_errors > OLD.own_open_errors - OLD.own_org_open_errors)
  EXECUTE FUNCTION campaign_reopen_on_new_errors();

-- The system reopenings still pending (the unit has not moved since), for the notification list.
CREATE INDEX campaign_status_events_action ON campaign_status_events (campaign_id, action, at DESC);

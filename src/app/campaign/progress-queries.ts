import { daysLeft, idealBurndown, percentClean, rankLagging } from '../../core/campaign/progress.ts';
import { sql } from 'kysely';
import * as repo from '../../db/repos/campaign.ts';
import * as orgs from '../../db/repos/organizations.ts';
import { orgInScope } from '../../db/repos/scope.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { requireOpenCampaign } from './campaign-operations.ts';
import { todayText } from './today.ts';

export { todayText } from './today.ts';

type RollupWithPercent = repo.UnitRollup & { percentClean: number };

const withPercent = (r: repo.UnitRollup): RollupWithPercent => ({
  ...r,
  percentClean: percentClean(r.members, r.membersWithErrors),
});

function sumRollups(name: string, rows: readonly repo.UnitRollup[]): repo.UnitRollup {
  const total: repo.UnitRollup = {
    orgId: 0,
    name,
    type: null,
    provinceCode: '',
    parentId: null,
    childCount: rows.length,
    members: 0,
    membersWithErrors: 0,
    openErrors: 0,
    openWarnings: 0,
    orgOpenErrors: 0,
    units: 0,
    ownMembers: 0,
    ownMembersWithErrors: 0,
    statusCounts: {
      organization: { not_started: 0, in_progress: 0, confirmed: 0, checked: 0, returned: 0 },
      members: { not_started: 0, in_progress: 0, confirmed: 0, checked: 0, returned: 0 },
    },
  };
  for (const r of rows) {
    total.members += r.members;
    total.membersWithErrors += r.membersWithErrors;
    total.openErrors += r.openErrors;
    total.openWarnings += r.openWarnings;
    total.orgOpenErrors += r.orgOpenErrors;
    total.units += r.units;
    for (const part of ['organization', 'members'] as const)
      for (const [status, n] of Object.entries(r.statusCounts[part]))
        total.statusCounts[part][status as keyof (typeof total.statusCounts)['members']] += n;
  }
  return total;
}

export const NATIONAL_NAME = 'Toàn quốc';

/**
 * One level of the dashboard: the unit (the country when orgId is absent and the scope is national; otherwise
 * the scope's own organization by default) and its children, with % clean, status counts, open findings by
 * group and rule, lagging children and days left. Every number comes from the maintained roll-ups.
 */
export async function getProgress(ctx: Ctx, orgId: number | null) {
  requirePermission(ctx, 'org.read');
  const campaign = await requireOpenCampaign(ctx);
  const targetId = orgId ?? (ctx.scope.kind === 'national' ? null : ctx.scope.orgId);
  const today = todayText();
  let unit: repo.UnitRollup;
  let children: repo.UnitRollup[];
  let ancestors: Array<{ id: number; name: string }> = [];
  let ruleOrgIds: number[];
  if (targetId === null) {
    children = await repo.listUnitRollups(ctx.db, campaign, { parentId: null });
    unit = sumRollups(NATIONAL_NAME, children);
    ruleOrgIds = children.map((c) => c.orgId);
  } else {
    const org = await orgs.getOrganization(ctx.db, ctx.scope, targetId);
    ancestors = org.ancestors;
    const [own] = await repo.listUnitRollups(ctx.db, campaign, { orgIds: [org.id] });
    unit = own ?? sumRollups(org.name, []);
    children = await repo.listUnitRollups(ctx.db, campaign, { parentId: org.id });
    ruleOrgIds = [org.id];
  }
  const toGo = daysLeft(today, campaign.endsOn);
  const rows = children.map(withPercent);
  const lagging = rankLagging(
    rows.map((r) => ({ ...r, notStartedUnits: r.statusCounts.members.not_started })),
    toGo,
  ).slice(0, 10);
  return {
    campaign,
    today,
    daysLeft: toGo,
    scopeIsNational: ctx.scope.kind === 'national',
    ancestors,
    unit: withPercent(unit),
    children: rows,
    lagging,
    rules: await repo.listRuleRollups(ctx.db, ruleOrgIds),
  };
}

/**
 * Burndown of open errors: one point per day from campaign_daily_snapshots (the last value captured that
 * day), today's point refreshed from the live roll-ups on every read, and the ideal line to zero on the last day.
 */
export async function getBurndown(ctx: Ctx, orgId: number | null) {
  const progress = await getProgress(ctx, orgId);
  const { campaign, unit, today } = progress;
  const snapshotOrgId = orgId ?? (ctx.scope.kind === 'national' ? 0 : ctx.scope.orgId);
  await repo.upsertSnapshot(ctx.db, {
    campaignId: campaign.id,
    orgId: snapshotOrgId,
    day: today,
    members: unit.members,
    membersWithErrors: unit.membersWithErrors,
    openErrors: unit.openErrors,
  });
  const points = await repo.listSnapshots(ctx.db, campaign.id, snapshotOrgId);
  const first = points.find((p) => p.day >= campaign.startsOn) ?? points[0];
  return {
    campaign,
    today,
    daysLeft: progress.daysLeft,
    points,
    ideal: idealBurndown(campaign.startsOn, campaign.endsOn, first?.openErrors ?? unit.openErrors),
  };
}

/** The notification list of the header: returned units, units waiting for my check, problems, the deadline. */
export async function listNotifications(ctx: Ctx) {
  requirePermission(ctx, 'org.read');
  const campaign = await repo.getOpenCampaign(ctx.db);
  const items: Array<{ kind: string; title: string; orgId: number | null; link: string; at: string | null }> =
    [];
  if (campaign) {
    const toGo = daysLeft(todayText(), campaign.endsOn);
    if (toGo <= 7)
      items.push({
        kind: 'deadline',
        title: `Còn ${toGo} ngày đến hạn hoàn thành chiến dịch "${campaign.name}" (${campaign.endsOn.split('-').reverse().join('/')})`,
        orgId: null,
        link: '/chien-dich',
        at: null,
      });
    const ownOrgId = ctx.scope.kind === 'national' ? null : ctx.scope.orgId;
    const { rows } = await sql<{
      org_id: number;
      name: string;
      part: string;
      status: string;
      at: unknown;
      reason: string | null;
    }>`
      SELECT s.org_id, o.name, s.part, s.status, s.updated_at AS at, s.return_reason AS reason
      FROM campaign_unit_statuses s JOIN organizations o ON o.id = s.org_id
      WHERE s.campaign_id = ${campaign.id} AND ${orgInScope(ctx.scope, 'o')}
        AND (s.status = 'returned' OR (s.status = 'confirmed' AND o.id IS DISTINCT FROM ${ownOrgId}))
      ORDER BY s.updated_at DESC LIMIT 30`.execute(ctx.db);
    for (const r of rows) {
      const part = r.part === 'organization' ? 'dữ liệu tổ chức' : 'dữ liệu đảng viên';
      items.push({
        kind: r.status === 'returned' ? 'returned' : 'awaiting_check',
        title:
          r.status === 'returned'
            ? `${r.name}: ${part} bị trả lại${r.reason ? ` — ${r.reason}` : ''}`
            : `${r.name}: ${part} đã xác nhận, chờ kiểm tra`,
        orgId: Number(r.org_id),
        link: `/to-chuc/${r.org_id}`,
        at: new Date(r.at as string).toISOString(),
      });
    }
    // Units the system reopened because new errors appeared after their confirmation, still to be redone.
    const { rows: reopened } = await sql<{
      org_id: number;
      name: string;
      part: string;
      at: unknown;
      reason: string | null;
    }>`
      SELECT e.org_id, o.name, e.part, e.at, e.reason FROM campaign_status_events e
      JOIN campaign_unit_statuses s ON s.campaign_id = e.campaign_id AND s.org_id = e.org_id AND s.part = e.part
      JOIN organizations o ON o.id = e.org_id
      WHERE e.campaign_id = ${campaign.id} AND e.action = 'reopen' AND s.status = 'in_progress'
        AND s.updated_at <= e.at AND ${orgInScope(ctx.scope, 'o')}
      ORDER BY e.at DESC LIMIT 30`.execute(ctx.db);
    for (const r of reopened) {
      const part = r.part === 'organization' ? 'dữ liệu tổ chức' : 'dữ liệu đảng viên';
      items.push({
        kind: 'reopened',
        title: `${r.name}: ${part} được mở lại để làm sạch tiếp${r.reason ? ` — ${r.reason}` : ''}`,
        orgId: Number(r.org_id),
        link: `/to-chuc/${r.org_id}`,
        at: new Date(r.at as string).toISOString(),
      });
    }
  }
  const { rows: problems } = await sql<{
    id: number;
    title: string;
    level: string;
    status: string;
    at: unknown;
  }>`
    SELECT p.id, p.title, p.level, p.status, p.updated_at AS at FROM problem_reports p
    JOIN organizations o ON o.id = p.org_id
    WHERE ${orgInScope(ctx.scope, 'o')} AND p.status = 'open'
      AND (${ctx.scope.kind === 'national'} OR p.level = 'province')
      AND (p.level = 'centre' OR ${ctx.scope.kind !== 'national'})
    ORDER BY p.updated_at DESC LIMIT 20`.execute(ctx.db);
  for (const p of problems)
    items.push({
      kind: p.level === 'centre' ? 'escalated_problem' : 'open_problem',
      title:
        p.level === 'centre'
          ? `Vướng mắc chuyển Trung ương: ${p.title}`
          : `Vướng mắc chờ trả lời: ${p.title}`,
      orgId: null,
      link: `/vuong-mac/${p.id}`,
      at: new Date(p.at as string).toISOString(),
    });
  return { items };
}

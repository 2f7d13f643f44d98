/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- HTTP bodies are read as JSON in assertions */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import {
  makeAccount,
  makeMember,
  makeOrganization,
  makeProvince,
  makeFinding,
} from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';
import type { DbHandle } from '../../db/client.ts';
import { diffRollupsWithRecount } from '../../db/repos/campaign.ts';
import { attachmentDir } from '../problem-reports/problem-report-operations.ts';
import { captureDailySnapshots, startSnapshotScheduler } from './snapshot-scheduler.ts';
import { todayText } from './today.ts';

type Province = Awaited<ReturnType<typeof makeProvince>>;

const snapshotRows = async (handle: DbHandle, orgId: number) =>
  (
    await sql<{ day: string; open_errors: number }>`SELECT to_char(day, 'YYYY-MM-DD') AS day, open_errors
      FROM campaign_daily_snapshots WHERE org_id = ${orgId} ORDER BY day`.execute(handle.db)
  ).rows.map((r) => ({ day: r.day, openErrors: Number(r.open_errors) }));

const orgName = async (handle: DbHandle, id: number) =>
  (await handle.db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirstOrThrow())
    .name;

/**
 * The text drawn in a PDF written by pdfmake/pdfkit: inflates the content streams, reads the ToUnicode maps of
 * the embedded fonts and decodes the hex glyph strings of Tj/TJ with each map (one of them is the right one).
 */
function extractPdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  const re = /stream\r?\n/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const bytes = pdf.subarray(start, end);
    try {
      streams.push(inflateSync(bytes).toString('latin1'));
    } catch {
      streams.push(bytes.toString('latin1'));
    }
    re.lastIndex = end + 'endstream'.length;
  }
  const maps = streams
    .filter((s) => s.includes('begincmap'))
    .map((cmap) => {
      const map = new Map<string, string>();
      const hexText = (h: string) =>
        String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
      for (const block of cmap.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? []) {
        for (const line of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
          const from = parseInt(line[1]!, 16);
          const targets = [...line[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].map((t) => hexText(t[1]!));
          targets.forEach((t, i) => map.set((from + i).toString(16).padStart(4, '0'), t));
        }
      }
      for (const block of cmap.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? [])
        for (const line of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
          map.set(line[1]!.toLowerCase().padStart(4, '0'), hexText(line[2]!));
      return map;
    });
  const runs = streams
    .filter((s) => /T[jJ]/.test(s) && !s.includes('begincmap'))
    .flatMap((s) => [...s.matchAll(/<([0-9a-fA-F]+)>/g)].map((m) => m[1]!.toLowerCase()));
  return maps.map((map) =>
    runs.map((hex) => (hex.match(/.{4}/g) ?? []).map((g) => map.get(g) ?? '').join('')).join(''),
  );
}

function multipartFile(fileName: string, bytes: Buffer, field = 'file') {
  const boundary = '----campaign-test';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describeEachDriver('campaign follow-ups', (db) => {
  let app: TestApp;
  let p: Province;
  let other: Province;
  let excluded: Province;
  let campaign: { id: number; version: number };
  const cookies: Record<string, string> = {};
  const accounts: Record<string, { id: number; username: string }> = {};

  beforeAll(async () => {
    p = await makeProvince(db(), '08', 'Tuyên Quang');
    other = await makeProvince(db(), '79', 'Hồ Chí Minh');
    excluded = await makeProvince(db(), '97', 'Quân đội');
    await makeFinding(db(), {
      recordType: 'member',
      recordId: excluded.members[0]!.id,
      orgId: excluded.cell.id,
      provinceCode: '97',
    });
    app = await buildTestApp(db());
    const made = {
      national: await makeAccount(db(), { roles: [1, 2], scopeOrgId: null }),
      province: await makeAccount(db(), { roles: [2], scopeOrgId: p.province.id }),
      commune: await makeAccount(db(), { roles: [2], scopeOrgId: p.commune.id }),
      cell: await makeAccount(db(), { roles: [2], scopeOrgId: p.cell.id }),
      otherProvince: await makeAccount(db(), { roles: [2], scopeOrgId: other.province.id }),
    };
    for (const [k, acc] of Object.entries(made)) {
      cookies[k] = await loginAs(app, acc);
      accounts[k] = acc;
    }
  });
  afterAll(() => app.close());

  const call = (
    who: string | null,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object | Buffer,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method,
      url,
      headers: { ...headers, ...(who ? { cookie: cookies[who]! } : {}) },
      ...(payload ? { payload } : {}),
    });
  const act = (who: string, orgId: number, part: string, action: string, version: number) =>
    call(who, 'POST', `/api/campaign/units/${orgId}/actions`, { part, action, version });

  describe('campaign settings: excluded top-level committees', () => {
    it('refuses an excluded id that is not a top-level committee, with a Vietnamese message', async () => {
      const r = await call('national', 'POST', '/api/campaigns', {
        name: 'Chiến dịch sai',
        startsOn: '2025-12-10',
        endsOn: '2026-01-30',
        referenceDate: '2025-12-31',
        excludedRootIds: [excluded.province.id, p.commune.id],
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { reason: 'EXCLUDED_NOT_TOP_LEVEL', invalidIds: [p.commune.id] },
      });
      expect(r.json().error.message).toContain('đảng bộ trực thuộc Trung ương');
      expect(r.json().error.details.issues[0].path).toBe('excludedRootIds');
    });

    it('stores excluded committees by id and returns them with their names; opening captures the burndown', async () => {
      const r = await call('national', 'POST', '/api/campaigns', {
        name: 'Chiến dịch làm sạch dữ liệu 2025',
        startsOn: '2025-12-10',
        endsOn: '2026-01-30',
        referenceDate: '2025-12-31',
        excludedRootIds: [excluded.province.id],
      });
      expect(r.statusCode, r.body).toBe(201);
      campaign = r.json();
      const name = await orgName(db(), excluded.province.id);
      expect(r.json().excludedRoots).toEqual([{ id: excluded.province.id, name }]);
      const current = (await call('commune', 'GET', '/api/campaigns/current')).json();
      expect(current.campaign.excludedRoots).toEqual([{ id: excluded.province.id, name }]);
      // Created → today's points exist at once: the country, and the levels with units under them.
      const today = todayText();
      expect(await snapshotRows(db(), 0)).toEqual([{ day: today, openErrors: 0 }]);
      expect((await snapshotRows(db(), p.commune.id)).map((x) => x.day)).toEqual([today]);
      expect(await snapshotRows(db(), p.cell.id)).toEqual([]); // a cell: only once its burndown was opened
      expect(await snapshotRows(db(), excluded.province.id)).toEqual([]);
    });

    it('leaves excluded committees out of the national view and the roll-ups it sums', async () => {
      const national = (await call('national', 'GET', '/api/campaign/progress')).json();
      const ids = national.children.map((c: { orgId: number }) => c.orgId);
      expect(ids).toContain(p.province.id);
      expect(ids).not.toContain(excluded.province.id);
      // the excluded committee's members and its open error are not counted in the country's numbers
      expect(national.unit.members).toBe(6);
      expect(national.unit.openErrors).toBe(0);
      expect(national.rules).toEqual([]);
      const refused = await act('national', excluded.cell.id, 'organization', 'start', 0);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.details.reason).toBe('NOT_COVERED');
    });

    it('validates excluded ids on update too, and returns the names after a change', async () => {
      const bad = await call('national', 'PUT', `/api/campaigns/${campaign.id}`, {
        name: 'Chiến dịch làm sạch dữ liệu 2025',
        startsOn: '2025-12-10',
        endsOn: '2026-01-30',
        referenceDate: '2025-12-31',
        excludedRootIds: [p.cell.id],
        version: campaign.version,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.reason).toBe('EXCLUDED_NOT_TOP_LEVEL');
      const ok = await call('national', 'PUT', `/api/campaigns/${campaign.id}`, {
        name: 'Chiến dịch làm sạch dữ liệu 2025',
        startsOn: '2025-12-10',
        endsOn: '2026-01-30',
        referenceDate: '2025-12-31',
        excludedRootIds: [excluded.province.id, excluded.province.id],
        version: campaign.version,
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().excludedRootIds).toEqual([excluded.province.id]);
      expect(ok.json().excludedRoots[0].name).toBe(await orgName(db(), excluded.province.id));
      campaign = ok.json();
    });
  });

  describe('daily burndown snapshots', () => {
    it('keeps one row per campaign, organization and day, with the last value captured that day', async () => {
      const yesterday = new Date(Date.now() - 24 * 3_600_000);
      await captureDailySnapshots(db().db, yesterday);
      const f = await makeFinding(db(), {
        recordType: 'member',
        recordId: p.members[0]!.id,
        orgId: p.cell.id,
        provinceCode: '08',
      });
      await captureDailySnapshots(db().db, yesterday);
      const day = todayText(yesterday);
      expect((await snapshotRows(db(), 0)).filter((x) => x.day === day)).toEqual([{ day, openErrors: 1 }]);
      expect((await snapshotRows(db(), p.commune.id)).filter((x) => x.day === day)).toEqual([
        { day, openErrors: 1 },
      ]);
      await db().db.updateTable('findings').set({ status: 'fixed' }).where('id', '=', f).execute();
      await captureDailySnapshots(db().db);

      // the burndown reads the captured days: yesterday's last value, then today's
      const burndown = (await call('national', 'GET', '/api/campaign/burndown')).json();
      expect(burndown.points.map((x: { day: string; openErrors: number }) => [x.day, x.openErrors])).toEqual([
        [day, 1],
        [todayText(), 0],
      ]);
      const commune = (await call('commune', 'GET', `/api/campaign/burndown?orgId=${p.commune.id}`)).json();
      expect(commune.points.find((x: { day: string }) => x.day === day)?.openErrors).toBe(1);
    });

    it('captures on start and on every tick of the scheduler, and stops cleanly', async () => {
      // the cell's burndown was opened once: from now on the scheduler keeps its line
      await call('cell', 'GET', `/api/campaign/burndown?orgId=${p.cell.id}`);
      const f = await makeFinding(db(), {
        recordType: 'member',
        recordId: p.members[1]!.id,
        orgId: p.cell.id,
        provinceCode: '08',
      });
      const log = { info: () => undefined, error: () => undefined };
      const scheduler = startSnapshotScheduler(db().db, { log, intervalMs: 20 });
      await scheduler.captureNow();
      const today = todayText();
      expect(await snapshotRows(db(), p.cell.id)).toEqual([{ day: today, openErrors: 1 }]);
      await db().db.updateTable('findings').set({ status: 'fixed' }).where('id', '=', f).execute();
      await new Promise((r) => setTimeout(r, 120));
      await scheduler.stop();
      expect(await snapshotRows(db(), p.cell.id)).toEqual([{ day: today, openErrors: 0 }]);
      expect(await snapshotRows(db(), excluded.province.id)).toEqual([]);
    });
  });

  describe('reopening a confirmed unit when new errors appear', () => {
    const reopenEvents = async (orgId: number) =>
      (
        await sql<{
          part: string;
          from_status: string;
          to_status: string;
          reason: string;
          actor_name: string;
        }>`
          SELECT part, from_status, to_status, reason, actor_name FROM campaign_status_events
          WHERE org_id = ${orgId} AND action = 'reopen' ORDER BY id`.execute(db().db)
      ).rows;

    it('reopens the members data of a confirmed cell when an import-like insert adds an error', async () => {
      for (const [who, orgId] of [
        ['national', p.province.id],
        ['province', p.commune.id],
        ['commune', p.cell.id],
      ] as const) {
        expect((await act(who, orgId, 'organization', 'start', 0)).statusCode).toBe(200);
        const r = await act(who, orgId, 'organization', 'confirm', 1);
        expect(r.statusCode, r.body).toBe(200);
      }
      expect((await act('cell', p.cell.id, 'members', 'start', 0)).statusCode).toBe(200);
      const confirmed = await act('cell', p.cell.id, 'members', 'confirm', 1);
      expect(confirmed.statusCode, confirmed.body).toBe(200);

      // a warning is not an error: nothing happens
      await makeFinding(db(), {
        recordType: 'member',
        recordId: p.members[2]!.id,
        orgId: p.cell.id,
        provinceCode: '08',
        rule: 'EMAIL_FORMAT',
        severity: 'warning',
      });
      expect((await call('cell', 'GET', `/api/campaign/units/${p.cell.id}`)).json().members.status).toBe(
        'confirmed',
      );
      // a bulk statement (an import's merge, a full re-check) raises an error on a member of the cell
      await sql`INSERT INTO findings (province_code, record_type, record_id, org_id, rule, rule_group, severity)
        SELECT '08', 'member', id, org_id, 'CITIZEN_ID_FORMAT', 'ID', 'error' FROM members
        WHERE id = ${p.members[2]!.id}`.execute(db().db);

      const unit = (await call('cell', 'GET', `/api/campaign/units/${p.cell.id}`)).json();
      expect(unit.members).toMatchObject({ status: 'in_progress', version: 3 });
      expect(unit.organization.status).toBe('confirmed'); // an error on a member leaves the cell's record alone
      expect(unit.history[0]).toMatchObject({
        part: 'members',
        action: 'reopen',
        fromStatus: 'confirmed',
        toStatus: 'in_progress',
        reason: 'Có lỗi mới phát sinh sau khi xác nhận',
        actorName: 'Hệ thống',
      });
      const notes = (await call('cell', 'GET', '/api/campaign/notifications')).json();
      expect(notes.items).toContainEqual(
        expect.objectContaining({
          kind: 'reopened',
          orgId: p.cell.id,
          title: expect.stringContaining('Có lỗi mới phát sinh sau khi xác nhận'),
        }),
      );
      const audit = await db()
        .db.selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('action', '=', 'campaign.reopen')
        .where('entity_id', '=', String(p.cell.id))
        .execute();
      expect(audit).toEqual([{ action: 'campaign.reopen', actor_id: null }]);
      expect(await diffRollupsWithRecount(db().db)).toEqual([]);
    });

    it('reopens a checked unit when a fixed error is reopened, and the organization data on its own errors', async () => {
      await db()
        .db.updateTable('findings')
        .set({ status: 'fixed' })
        .where('record_type', '=', 'member')
        .where('record_id', '=', p.members[2]!.id)
        .where('severity', '=', 'error')
        .execute();
      expect((await act('cell', p.cell.id, 'members', 'confirm', 3)).statusCode).toBe(200);
      const checked = await act('commune', p.cell.id, 'members', 'check', 4);
      expect(checked.statusCode, checked.body).toBe(200);
      // a re-check or an undo opens the finding again (UPDATE … status = 'open')
      await db()
        .db.updateTable('findings')
        .set({ status: 'open' })
        .where('record_type', '=', 'member')
        .where('record_id', '=', p.members[2]!.id)
        .where('severity', '=', 'error')
        .execute();
      const unit = (await call('cell', 'GET', `/api/campaign/units/${p.cell.id}`)).json();
      expect(unit.members).toMatchObject({ status: 'in_progress', checkedBy: null });
      expect((await reopenEvents(p.cell.id)).map((e) => e.from_status)).toEqual(['confirmed', 'checked']);

      // an error on the commune's own record reopens its organization data, not its members' data
      await makeFinding(db(), {
        recordType: 'organization',
        recordId: p.commune.id,
        orgId: p.commune.id,
        provinceCode: '08',
      });
      const commune = (await call('commune', 'GET', `/api/campaign/units/${p.commune.id}`)).json();
      expect(commune.organization.status).toBe('in_progress');
      expect(await reopenEvents(p.commune.id)).toEqual([
        {
          part: 'organization',
          from_status: 'confirmed',
          to_status: 'in_progress',
          reason: 'Có lỗi mới phát sinh sau khi xác nhận',
          actor_name: 'Hệ thống',
        },
      ]);
      expect(await diffRollupsWithRecount(db().db)).toEqual([]);
    });

    it('reopens when a member with an open error moves into a confirmed cell', async () => {
      const cell4 = await makeOrganization(db(), { parentId: other.commune.id, type: 'CBTT' });
      const member = await makeMember(db(), { orgId: other.cell.id });
      await makeFinding(db(), {
        recordType: 'member',
        recordId: member.id,
        orgId: other.cell.id,
        provinceCode: '79',
      });
      for (const orgId of [other.province.id, other.commune.id, cell4.id]) {
        await act('national', orgId, 'organization', 'start', 0);
        expect((await act('national', orgId, 'organization', 'confirm', 1)).statusCode).toBe(200);
      }
      await act('national', cell4.id, 'members', 'start', 0);
      expect((await act('national', cell4.id, 'members', 'confirm', 1)).statusCode).toBe(200);
      await db().db.updateTable('members').set({ org_id: cell4.id }).where('id', '=', member.id).execute();
      const unit = (await call('national', 'GET', `/api/campaign/units/${cell4.id}`)).json();
      expect(unit.members.status).toBe('in_progress');
      expect(unit.history[0]).toMatchObject({ action: 'reopen', actorName: 'Hệ thống' });
    });
  });

  describe('the campaign report as a PDF', () => {
    it('renders the level in Vietnamese, names the file after it and audits the export', async () => {
      const r = await call('commune', 'GET', `/api/campaign/report.pdf?orgId=${p.commune.id}`);
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(r.headers['content-disposition']).toMatch(
        /^attachment; filename="bao-cao-ra-soat-dang-bo-xa-tuyen-quang-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf"$/,
      );
      const pdf = r.rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(5_000);
      expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+Roboto-Regular/);
      const name = await orgName(db(), p.commune.id);
      const texts = extractPdfText(pdf);
      expect(texts.some((t) => t.includes(name))).toBe(true);
      expect(texts.some((t) => t.includes('Tổng số đảng viên'))).toBe(true);
      const audit = await db()
        .db.selectFrom('audit_log')
        .select(['entity', 'entity_id', 'actor_id', 'after'])
        .where('action', '=', 'campaign.report.export')
        .execute();
      expect(audit).toEqual([
        expect.objectContaining({
          entity: 'export',
          entity_id: String(p.commune.id),
          actor_id: accounts.commune!.id,
        }),
      ]);
    });

    it('names the national report toan-quoc, and answers 404 outside the caller’s scope', async () => {
      const national = await call('national', 'GET', '/api/campaign/report.pdf');
      expect(national.statusCode).toBe(200);
      expect(national.headers['content-disposition']).toMatch(
        /filename="bao-cao-ra-soat-toan-quoc-\d{4}-\d{2}-\d{2}\.pdf"/,
      );
      expect(extractPdfText(national.rawPayload).some((t) => t.includes('Toàn quốc'))).toBe(true);
      expect((await call(null, 'GET', '/api/campaign/report.pdf')).statusCode).toBe(401);
      const outside = await call('commune', 'GET', `/api/campaign/report.pdf?orgId=${other.commune.id}`);
      expect(outside.statusCode).toBe(404);
      const sibling = await call('cell', 'GET', `/api/campaign/report.pdf?orgId=${p.cell2.id}`);
      expect(sibling.statusCode).toBe(404);
    });

    it('audits the Excel exports too', async () => {
      const r = await call('commune', 'GET', `/api/campaign/exports/findings?orgId=${p.commune.id}`);
      expect(r.statusCode).toBe(200);
      const rows = await db()
        .db.selectFrom('audit_log')
        .select(['entity', 'entity_id'])
        .where('action', '=', 'campaign.export')
        .execute();
      expect(rows).toContainEqual({ entity: 'export', entity_id: String(p.commune.id) });
    });
  });

  describe('responsible person of a unit', () => {
    it('sets and changes the responsible person and assigned accounts, with optimistic locking', async () => {
      const url = `/api/campaign/units/${p.cell.id}/responsibility`;
      const set = await call('commune', 'PUT', url, {
        personName: 'Nguyễn Văn Trách',
        position: 'Bí thư chi bộ',
        contact: '0912 345 678',
        accountIds: [accounts.cell!.id],
        version: 0,
      });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json().responsibility).toMatchObject({
        personName: 'Nguyễn Văn Trách',
        position: 'Bí thư chi bộ',
        contact: '0912 345 678',
        accountIds: [accounts.cell!.id],
        accounts: [{ id: accounts.cell!.id, username: accounts.cell!.username }],
        version: 1,
      });
      // the form's choices: accounts at, above or below the cell, inside the caller's scope
      const choices = (
        await call('commune', 'GET', `/api/campaign/units/${p.cell.id}/assignable-accounts`)
      ).json();
      const usernames = choices.items.map((a: { username: string }) => a.username);
      expect(usernames).toEqual(
        expect.arrayContaining([accounts.cell!.username, accounts.commune!.username]),
      );
      expect(usernames).not.toContain(accounts.province!.username); // above the caller's scope
      expect(usernames).not.toContain(accounts.otherProvince!.username);
      expect(choices.items[0]).toMatchObject({
        scopeOrgId: p.cell.id,
        scopeOrgName: await orgName(db(), p.cell.id),
      });
      expect(
        (await call('commune', 'GET', `/api/campaign/units/${other.cell.id}/assignable-accounts`)).statusCode,
      ).toBe(404);
      const stale = await call('commune', 'PUT', url, { personName: 'Trần Thị Mới', version: 0 });
      expect(stale.statusCode).toBe(409);
      const changed = await call('cell', 'PUT', url, { personName: 'Trần Thị Mới', version: 1 });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(
        (await call('cell', 'GET', `/api/campaign/units/${p.cell.id}`)).json().responsibility,
      ).toMatchObject({
        personName: 'Trần Thị Mới',
        position: null,
        contact: null,
        accountIds: [],
        version: 2,
      });
      // an account outside the assigner's scope cannot be assigned (it is not even visible)
      const outside = await call('commune', 'PUT', url, {
        personName: 'Trần Thị Mới',
        accountIds: [accounts.otherProvince!.id],
        version: 2,
      });
      expect(outside.statusCode).toBe(404);
      const short = await call('commune', 'PUT', url, { personName: 'A', version: 2 });
      expect(short.statusCode).toBe(400);
      expect(short.json().error.details.issues[0].path).toBe('personName');
    });
  });

  describe('problem-report attachments', () => {
    let reportId: number;
    beforeAll(async () => {
      const r = await call('cell', 'POST', '/api/problem-reports', {
        orgId: p.cell.id,
        category: 'data',
        title: 'Hồ sơ gốc ghi hai ngày vào Đảng',
        body: 'Lý lịch và quyết định kết nạp ghi hai ngày khác nhau.',
      });
      expect(r.statusCode, r.body).toBe(201);
      reportId = r.json().id;
    });
    const upload = (who: string | null, id: number, fileName: string, bytes: Buffer, field = 'file') => {
      const m = multipartFile(fileName, bytes, field);
      return call(who, 'POST', `/api/problem-reports/${id}/attachments`, m.payload, m.headers);
    };

    it('stores a multipart upload under the app data directory and serves it back', async () => {
      const bytes = Buffer.from('%PDF-1.4\nbiên bản họp chi bộ');
      const r = await upload('cell', reportId, 'biên bản.pdf', bytes);
      expect(r.statusCode, r.body).toBe(201);
      const attachment = r.json().attachments[0];
      expect(attachment).toMatchObject({
        fileName: 'biên bản.pdf',
        contentType: 'application/pdf',
        size: bytes.length,
      });
      expect(existsSync(attachmentDir(app.dataDir, reportId))).toBe(true);
      const back = await call(
        'province',
        'GET',
        `/api/problem-reports/${reportId}/attachments/${attachment.id}`,
      );
      expect(back.statusCode).toBe(200);
      expect(back.rawPayload.equals(bytes)).toBe(true);
      expect(back.headers['content-disposition']).toContain(encodeURIComponent('biên bản.pdf'));
      const audited = await db()
        .db.selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'problem.attach')
        .execute();
      expect(audited).toHaveLength(1);
    });

    it('refuses too large, empty, unaccepted or disguised files and non-multipart bodies in Vietnamese', async () => {
      const tooLarge = await upload('cell', reportId, 'anh.png', Buffer.alloc(3 * 1024 * 1024 + 1, 0x89));
      expect(tooLarge.statusCode).toBe(400);
      expect(tooLarge.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { reason: 'ATTACHMENT_TOO_LARGE' },
      });
      expect(tooLarge.json().error.message).toContain('lớn hơn 3 MB');
      expect(tooLarge.json().error.details.issues).toEqual([
        { path: 'file', message: tooLarge.json().error.message },
      ]);
      const exe = await upload('cell', reportId, 'cai-dat.exe', Buffer.from('MZ....'));
      expect(exe.json().error.details.reason).toBe('ATTACHMENT_TYPE');
      expect(exe.json().error.message).toContain('chỉ đính kèm PDF');
      const fake = await upload('cell', reportId, 'quyet-dinh.pdf', Buffer.from('MZ not a pdf'));
      expect(fake.json().error.details.reason).toBe('ATTACHMENT_CONTENT_MISMATCH');
      const empty = await upload('cell', reportId, 'ghi-chu.txt', Buffer.alloc(0));
      expect(empty.json().error.details.reason).toBe('ATTACHMENT_EMPTY');
      const wrongField = await upload('cell', reportId, 'ghi-chu.txt', Buffer.from('x'), 'files');
      expect(wrongField.json().error.details.reason).toBe('ATTACHMENT_MISSING');
      const json = await call('cell', 'POST', `/api/problem-reports/${reportId}/attachments`, { file: 'x' });
      expect(json.statusCode).toBe(400);
      expect(json.json().error.message).toContain('trường "file"');
      const base64 = await call('cell', 'POST', '/api/problem-reports', {
        orgId: p.cell.id,
        category: 'technical',
        title: 'Tệp đính kèm sai loại',
        body: 'Gửi kèm một tệp chạy được.',
        attachments: [{ fileName: 'x.bat', contentBase64: Buffer.from('echo').toString('base64') }],
      });
      expect(base64.statusCode).toBe(400);
      expect(base64.json().error.details.reason).toBe('ATTACHMENT_TYPE');
      const huge = await call('cell', 'POST', '/api/problem-reports', {
        orgId: p.cell.id,
        category: 'technical',
        title: 'Tệp đính kèm quá lớn',
        body: 'Gửi kèm hai tệp lớn dạng base64.',
        attachments: [1, 2].map((i) => ({ fileName: `scan-${i}.pdf`, contentBase64: 'A'.repeat(3_000_000) })),
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { reason: 'REQUEST_TOO_LARGE' },
      });
      expect(huge.json().error.message).toContain('đính kèm từng tệp');
    });

    it('answers 401 without a session and 404 outside the scope', async () => {
      expect((await upload(null, reportId, 'a.txt', Buffer.from('x'))).statusCode).toBe(401);
      expect((await upload('otherProvince', reportId, 'a.txt', Buffer.from('x'))).statusCode).toBe(404);
      expect((await upload('cell', 999_999, 'a.txt', Buffer.from('x'))).statusCode).toBe(404);
      expect(join(app.dataDir)).not.toBe(join(process.cwd(), 'data'));
    });
  });
});

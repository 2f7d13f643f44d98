/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- HTTP bodies are read as JSON in assertions */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount } from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';
import { getRuleSettingsRow } from '../../db/repos/findings.ts';

/** Each campaign has its own rules in force and reference date; between campaigns the standing ones hold. */
describeEachDriver('rules in force per campaign', (db) => {
  let app: TestApp;
  let cookie: string;
  beforeAll(async () => {
    app = await buildTestApp(db());
    cookie = await loginAs(app, await makeAccount(db(), { roles: [1], scopeOrgId: null }));
  });
  afterAll(() => app.close());
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const body = (over: object = {}) => ({
    name: 'Rà soát, làm sạch dữ liệu đảng viên 2025',
    startsOn: '2025-12-10',
    endsOn: '2025-12-30',
    referenceDate: '2025-12-10',
    freezeAt: null,
    excludedRootIds: [],
    ...over,
  });

  it('a campaign starts from the standing rules, keeps its own, and hands back to the standing ones when closed', async () => {
    // The standing settings between campaigns: one rule switched off.
    const standing = await call('GET', '/api/quality/settings');
    expect(standing.statusCode, standing.body).toBe(200);
    const saved = await call('PUT', '/api/quality/settings', {
      referenceDate: '2025-06-01',
      disabledRules: ['PHONE_FORMAT'],
      severityOverrides: {},
      version: standing.json().version,
    });
    expect(saved.statusCode, saved.body).toBe(200);

    // Opened without a rule list: the campaign starts from the standing rules, with its own reference date.
    const created = await call('POST', '/api/campaigns', body());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ disabledRules: ['PHONE_FORMAT'] });
    const campaign = created.json();
    expect(await getRuleSettingsRow(db().db)).toMatchObject({
      referenceDate: '2025-12-10',
      disabledRules: ['PHONE_FORMAT'],
    });

    // Edited: its rules in force and reference date change; the standing row does not.
    const edited = await call(
      'PUT',
      `/api/campaigns/${campaign.id}`,
      body({
        referenceDate: '2025-12-31',
        disabledRules: ['EMAIL_FORMAT', 'NAME_CASE'],
        version: campaign.version,
      }),
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().disabledRules).toEqual(['EMAIL_FORMAT', 'NAME_CASE']);
    expect(await getRuleSettingsRow(db().db)).toMatchObject({
      referenceDate: '2025-12-31',
      disabledRules: ['EMAIL_FORMAT', 'NAME_CASE'],
    });
    // The settings screen now edits the campaign's rules.
    const inForce = await call('GET', '/api/quality/settings');
    expect(inForce.json()).toMatchObject({ disabledRules: ['EMAIL_FORMAT', 'NAME_CASE'] });

    const unknown = await call(
      'PUT',
      `/api/campaigns/${campaign.id}`,
      body({ disabledRules: ['NO_SUCH_RULE'], version: edited.json().version }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('NO_SUCH_RULE');

    // Closed: the history keeps its rules; the standing ones are in force again.
    const closed = await call('POST', `/api/campaigns/${campaign.id}/close`, {
      version: edited.json().version,
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await getRuleSettingsRow(db().db)).toMatchObject({
      referenceDate: '2025-06-01',
      disabledRules: ['PHONE_FORMAT'],
    });
    const history = await call('GET', '/api/campaigns');
    expect(history.json().items[0]).toMatchObject({
      status: 'closed',
      disabledRules: ['EMAIL_FORMAT', 'NAME_CASE'],
    });
  });
});

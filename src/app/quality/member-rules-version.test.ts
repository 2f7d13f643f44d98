import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { MEMBER_RULES_VERSION } from '../../core/quality/run-rules.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { cleanPackage } from './clean-package.ts';

/**
 * The guard of MEMBER_RULES_VERSION: a full re-check skips members whose stored check state has the current
 * version (check-state.ts), so a change to what the member rules or normalizers produce must raise it. What they
 * produce on the sample packages (standardized members and per-member findings) is fingerprinted here against
 * the version it was recorded with: a different output under the same version fails.
 */
const RECORDED = { version: 1, digest: 'f168a6f0f606fc690f72997a1afe119f74745c7a554552216261793a2aa5c587' };

// Cross-record and organization rules are judged afresh by every re-check: they are not part of the version.
const CROSS_RECORD = /^(ORG_|RECON_|CITIZEN_ID_DUPLICATE$|PARTY_CARD_DUPLICATE$|DUPLICATE_PERSON_PROBABLE$)/;
const SAMPLES = resolve(import.meta.dirname, '../../../../shared/samples');
const out = mkdtempSync(join(tmpdir(), 'member-rules-version-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('raises MEMBER_RULES_VERSION whenever the member rules or normalizers produce something else', async () => {
  const hash = createHash('sha256');
  for (const sample of ['s101-canonical', 's202-labels', 's303-small']) {
    const dir = join(out, sample);
    await cleanPackage({
      packagePath: join(SAMPLES, sample, 'package'),
      outDir: dir,
      codes: loadCodeLists(),
      referenceDate: '2025-12-10',
    });
    hash.update(readFileSync(join(dir, 'members.csv')));
    for (const line of readFileSync(join(dir, 'findings.csv'), 'utf8').split('\n')) {
      const [recordType, , rule] = line.split(',');
      if (recordType === 'member' && rule && !CROSS_RECORD.test(rule)) hash.update(`${line}\n`);
    }
  }
  const digest = hash.digest('hex');
  const advice =
    MEMBER_RULES_VERSION === RECORDED.version
      ? `The member rules now produce something else: raise MEMBER_RULES_VERSION in src/core/quality/run-rules.ts, ` +
        `then record { version: ${MEMBER_RULES_VERSION + 1}, digest: '${digest}' } here.`
      : `MEMBER_RULES_VERSION is ${MEMBER_RULES_VERSION}: record { version: ${MEMBER_RULES_VERSION}, digest: '${digest}' } here.`;
  expect({ version: MEMBER_RULES_VERSION, digest }, advice).toEqual(RECORDED);
}, 120_000);

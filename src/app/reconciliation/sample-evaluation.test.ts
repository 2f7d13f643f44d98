import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAdminUnitIndex } from '../../core/codes/admin-units.ts';
import { parseGender } from '../../core/codes/gender.ts';
import type { CanonicalColumn } from '../../core/import/column-mapping.ts';
import { searchDuplicatePairs } from '../../core/matching/find-duplicate-pairs.ts';
import { cleanLegacyName, createPersonConverter } from '../../core/matching/person-for-matching.ts';
import { normalizeCitizenId } from '../../core/members/citizen-id.ts';
import { parseLegacyDate } from '../../core/members/partial-date.ts';
import type { ReconcileOptions } from '../../core/reconciliation/reconcile-member.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { openPackage } from '../import/read-package.ts';
import { FileRegister } from './file-register.ts';
import { reconcileMembers } from './reconcile-members.ts';

// Measured against the samples' truth (spec/batch-contract.md: duplicates.csv and RECON_* findings).
const SAMPLES = new URL('../../../../shared/samples/', import.meta.url).pathname;
const codes = loadCodeLists();
const adminIndex = createAdminUnitIndex(codes);

type Row = Partial<Record<CanonicalColumn, string>>;

/** The member rows with canonical column names, whatever the headers (s202: Vietnamese labels, `;`, BOM). */
async function readMembers(sample: string): Promise<Row[]> {
  const pkg = await openPackage(`${SAMPLES}${sample}/package`);
  const rows: Row[] = [];
  for await (const item of pkg.rows('members', pkg.proposeMapping('members'))) {
    if (item.type === 'row') rows.push(item.values);
  }
  return rows;
}

function readCsvLines(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));
}

function scores(got: Set<string>, truth: Set<string>): { precision: number; recall: number; f1: number } {
  const hits = [...got].filter((k) => truth.has(k)).length;
  const precision = got.size === 0 ? 1 : hits / got.size;
  const recall = truth.size === 0 ? 1 : hits / truth.size;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

const format = (s: { precision: number; recall: number; f1: number }): string =>
  `P=${s.precision.toFixed(3)} R=${s.recall.toFixed(3)} F1=${s.f1.toFixed(3)}`;

async function reconFindings(
  sample: string,
  rows: Row[],
  options: ReconcileOptions = {},
): Promise<Set<string>> {
  const register = await FileRegister.load(`${SAMPLES}${sample}/registry.csv`);
  const members = rows.map((row) => {
    const id = normalizeCitizenId(row.SO_CCCD);
    const birth = parseLegacyDate(row.NGAY_SINH);
    const gender = parseGender(row.GIOI_TINH);
    return {
      key: (row.MA_DANG_VIEN ?? '').trim(),
      citizenId: id.kind === '12' ? id.digits : null,
      fullName: cleanLegacyName(row.HO_TEN ?? '', [row.QUE_QUAN, row.THUONG_TRU, row.NOI_SINH]),
      birthDate: birth.ok ? birth.date : null,
      gender: gender.ok ? gender.value : null,
    };
  });
  const findings = await reconcileMembers(register, members, options);
  return new Set(findings.map((f) => `${f.key}|${f.rule}`));
}

describe.each(['s101-canonical', 's202-labels', 's303-small'])('sample %s', (sample) => {
  const rowsPromise = readMembers(sample);

  it('finds the true duplicate pairs with F1 ≥ 0.97', async () => {
    const rows = await rowsPromise;
    const toPerson = createPersonConverter(codes, adminIndex);
    const { pairs, stats } = searchDuplicatePairs(rows.map(toPerson));
    const got = new Set(pairs.filter((p) => p.band === 'probable').map((p) => `${p.a}|${p.b}`));
    const truth = new Set(
      readCsvLines(`${SAMPLES}${sample}/truth/duplicates.csv`).map(([a, b]) => [a!, b!].sort().join('|')),
    );
    const result = scores(got, truth);
    console.info(`${sample} duplicates: ${format(result)}; ${stats.comparisons} comparisons`);
    expect(result.f1).toBeGreaterThanOrEqual(0.97);
  });

  it('reports every required RECON finding and nothing outside required ∪ optional', async () => {
    const rows = await rowsPromise;
    const recon = (file: string): Set<string> =>
      new Set(
        readCsvLines(`${SAMPLES}${sample}/truth/${file}`)
          .filter(([, , rule]) => rule!.startsWith('RECON_'))
          .map(([, id, rule]) => `${id}|${rule}`),
      );
    const required = recon('findings.csv');
    const optional = recon('optional-findings.csv');
    const got = await reconFindings(sample, rows);
    const counted = new Set([...got].filter((k) => !optional.has(k) || required.has(k)));
    const result = scores(counted, required);
    console.info(`${sample} RECON: ${format(result)} (${required.size} required, ${optional.size} optional)`);
    expect([...required].filter((k) => !got.has(k))).toEqual([]);
    expect([...counted].filter((k) => !required.has(k))).toEqual([]);

    // The two optional readings of samples/README.md, measured: reporting them adds findings the truth
    // holds as optional (not counted) and, where a reading reaches beyond them, false positives.
    for (const option of ['reportDiacriticsOnlyNames', 'reportImpreciseBirthDates'] as const) {
      const alternative = await reconFindings(sample, rows, { [option]: true });
      const extra = [...alternative].filter((k) => !got.has(k));
      const falsePositives = extra.filter((k) => !optional.has(k) && !required.has(k));
      console.info(
        `${sample} RECON with ${option}: +${extra.length} findings, ${falsePositives.length} outside the truth`,
      );
      expect(alternative.size).toBeGreaterThanOrEqual(got.size);
    }
  });
});

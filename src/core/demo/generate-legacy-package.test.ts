import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { addMonths, dateKey } from './demo-dates.ts';
import { generateLegacyPackage, type LegacyMemberRow } from './generate-legacy-package.ts';
import { MEMBER_DEFECTS, type MemberDefectKind } from './member-defects.ts';

const codes = loadCodeLists();
const take = <T>(items: Iterable<T>, n: number): T[] => {
  const out: T[] = [];
  for (const item of items) {
    if (out.length >= n) break;
    out.push(item);
  }
  return out;
};

const small = (seed: number, memberCount = 3000) =>
  generateLegacyPackage(codes, { seed, provinceCode: '08', memberCount });

const started = performance.now();
const big = generateLegacyPackage(codes, {
  seed: 1,
  provinceCode: '08',
  memberCount: 20_000,
  includeDuplicatePairs: true,
});
const members: LegacyMemberRow[] = [...big.members];
const seconds = (performance.now() - started) / 1000;
console.log(
  `20,000 members + ${big.organizations.length} organizations in ${seconds.toFixed(2)} s (${Math.round(20_000 / seconds)} rows/s)`,
);

describe('generateLegacyPackage', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = small(7);
    const b = small(7);
    expect(b.organizations).toEqual(a.organizations);
    expect([...b.members]).toEqual([...a.members]);
    const c = small(8);
    expect(c.organizations).not.toEqual(a.organizations);
    expect(take(c.members, 50)).not.toEqual(take(a.members, 50));
  });

  it('generates the same rows again on every iteration of members', () => {
    const pkg = small(3, 500);
    expect([...pkg.members]).toEqual([...pkg.members]);
  });

  it('writes exactly the requested members, in several hundred organizations for 20,000', () => {
    expect(members).toHaveLength(20_000);
    expect(big.stats.members).toBe(20_000);
    expect(big.organizations.length).toBeGreaterThan(300);
    expect(big.organizations.length).toBeLessThan(2000);
    expect(new Set(members.map((m) => m.MA_DANG_VIEN)).size).toBe(20_000);
    expect([...small(2, 0).members]).toHaveLength(0);
    expect([...small(2, 7).members]).toHaveLength(7);
  });

  it('uses a real province name and real post-2025 communes for the đảng bộ xã', () => {
    const root = big.organizations.filter((o) => o.MA_TO_CHUC_CHA === '');
    expect(root).toHaveLength(1);
    expect(root[0]).toMatchObject({
      TEN_TO_CHUC: 'Đảng bộ tỉnh Tuyên Quang',
      LOAI_TO_CHUC: 'DBT',
      MA_DVHC: '08',
    });
    const communes = new Map(codes.communes.map((c) => [c.code, c]));
    const dbx = big.organizations.filter((o) => o.LOAI_TO_CHUC === 'DBX' || o.LOAI_TO_CHUC === 'Đảng bộ xã');
    expect(dbx.length).toBeGreaterThan(50);
    for (const o of dbx) {
      const commune = communes.get(o.MA_DVHC);
      expect(commune?.provinceCode).toBe('08');
      if (!/[^\x20-\x7e\p{L}]/u.test(o.TEN_TO_CHUC) && !o.TEN_TO_CHUC.includes('  ')) {
        expect(o.TEN_TO_CHUC.toLowerCase()).toContain(commune!.shortName.toLowerCase());
      }
    }
    const types = new Set(big.organizations.map((o) => o.LOAI_TO_CHUC));
    for (const type of ['DBT', 'DBH', 'DBX', 'DBCS', 'CBTT', 'CBCS']) expect(types).toContain(type);
  });

  it('keeps organization codes unique except the injected duplicates', () => {
    const seen = new Map<string, number>();
    for (const o of big.organizations) seen.set(o.MA_TO_CHUC, (seen.get(o.MA_TO_CHUC) ?? 0) + 1);
    const duplicated = [...seen.values()].filter((n) => n > 1);
    expect(duplicated.length).toBe(big.stats.organizationDefects.ORG_CODE_DUPLICATE);
    expect(duplicated.every((n) => n === 2)).toBe(true);
  });

  it('forms a tree whose parents all exist, except the injected missing parents', () => {
    const codesSeen = new Set(big.organizations.map((o) => o.MA_TO_CHUC));
    const missing = big.organizations.filter(
      (o) => o.MA_TO_CHUC_CHA !== '' && !codesSeen.has(o.MA_TO_CHUC_CHA),
    );
    expect(missing.length).toBe(big.stats.organizationDefects.ORG_PARENT_MISSING);
    const parentOf = new Map(big.organizations.map((o) => [o.MA_TO_CHUC, o.MA_TO_CHUC_CHA]));
    let cyclic = 0;
    for (const start of parentOf.keys()) {
      const path = new Set<string>();
      let code: string | undefined = start;
      while (code && !path.has(code)) {
        path.add(code);
        code = parentOf.get(code);
      }
      if (code) cyclic++;
    }
    expect(cyclic).toBe(big.stats.organizationDefects.ORG_HIERARCHY_CYCLE);
  });

  it('injects every organization defect and leaves chi bộ that are empty or have fewer than 3 members', () => {
    for (const kind of [
      'ORG_CODE_DUPLICATE',
      'ORG_PARENT_MISSING',
      'ORG_HIERARCHY_CYCLE',
      'ORG_TYPE_INVALID',
      'ORG_TYPE_PARENT_MISMATCH',
      'ORG_OBSOLETE_LEVEL',
      'ORG_NAME_NONSTANDARD',
      'TEXT_LEGACY_ENCODING',
      'ORG_EMPTY',
      'ORG_TOO_FEW_MEMBERS',
      'ORG_DISSOLVED_HAS_MEMBERS',
    ] as const) {
      expect(big.stats.organizationDefects[kind], kind).toBeGreaterThan(0);
    }
    const perOrg = new Map<string, number>();
    for (const m of members) perOrg.set(m.MA_TO_CHUC, (perOrg.get(m.MA_TO_CHUC) ?? 0) + 1);
    const activeCells = big.organizations.filter(
      (o) => o.TRANG_THAI === 'Hoạt động' && (o.LOAI_TO_CHUC === 'CBTT' || o.LOAI_TO_CHUC === 'CBCS'),
    );
    expect(activeCells.some((o) => !perOrg.has(o.MA_TO_CHUC))).toBe(true);
    expect(activeCells.some((o) => perOrg.get(o.MA_TO_CHUC) === 2)).toBe(true);
    const dissolved = big.organizations.filter(
      (o) => o.TRANG_THAI !== 'Hoạt động' && perOrg.has(o.MA_TO_CHUC),
    );
    expect(dissolved.length).toBeGreaterThan(0);
    expect(big.organizations.some((o) => o.LOAI_TO_CHUC === 'DBH' && o.TRANG_THAI === 'Hoạt động')).toBe(
      true,
    );
  });

  it('injects every member defect kind at about the default rate', () => {
    for (const kind of Object.keys(MEMBER_DEFECTS) as MemberDefectKind[]) {
      expect(big.stats.memberDefects[kind] ?? 0, kind).toBeGreaterThan(0);
    }
    const share = big.stats.membersWithDefects / big.stats.members;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    const clean = generateLegacyPackage(codes, {
      seed: 1,
      provinceCode: '08',
      memberCount: 2000,
      defectRate: 0,
    });
    expect([...clean.members]).toHaveLength(2000);
    expect(clean.stats.membersWithDefects).toBe(0);
    expect(clean.stats.organizationDefects).toEqual({});
  });

  it('writes realistic members: names, statuses, dates, citizen ids and party cards', () => {
    const n = members.length;
    const share = (predicate: (m: LegacyMemberRow) => boolean): number =>
      members.filter(predicate).length / n;
    expect(share((m) => m.HO_TEN.startsWith('Nguyễn'))).toBeGreaterThan(0.15);
    expect(share((m) => m.TRANG_THAI === 'Dự bị')).toBeGreaterThan(0.03);
    expect(share((m) => m.TRANG_THAI === 'Dự bị')).toBeLessThan(0.09);
    expect(share((m) => m.TRANG_THAI === 'Từ trần')).toBeGreaterThan(0.01);
    expect(share((m) => m.DAN_TOC === 'Kinh')).toBeGreaterThan(0.3);
    expect(share((m) => m.TON_GIAO === 'Không')).toBeGreaterThan(0.85);
    expect(share((m) => /^\d{2}\/\d{2}\/\d{4}$/.test(m.NGAY_SINH))).toBeGreaterThan(0.5);
    for (const form of [
      /^\d{1,2}\/\d{1,2}\/\d{4}$/,
      /^\d{4}-\d{2}-\d{2}$/,
      /^\d{2}\/\d{4}$/,
      /^\d{4}$/,
      /^00\/00\/\d{4}$/,
    ]) {
      expect(members.some((m) => form.test(m.NGAY_SINH))).toBe(true);
    }
    const prefixes = new Set(codes.citizenIdProvinces.map((c) => c.code));
    const twelve = members.filter(
      (m) => /^\d{12}$/.test(m.SO_CCCD) && /^\d{2}\/\d{2}\/\d{4}$/.test(m.NGAY_SINH),
    );
    const consistent = twelve.filter((m) => {
      const year = Number(m.NGAY_SINH.slice(6));
      const digit = Number(m.SO_CCCD.charAt(3));
      const female = m.GIOI_TINH.toLowerCase() === 'nữ';
      return (
        prefixes.has(m.SO_CCCD.slice(0, 3)) &&
        m.SO_CCCD.slice(4, 6) === String(year % 100).padStart(2, '0') &&
        digit === (year >= 2000 ? 2 : 0) + (female ? 1 : 0)
      );
    });
    expect(consistent.length / twelve.length).toBeGreaterThan(0.95);
    const official = members.filter((m) => m.TRANG_THAI === 'Chính thức');
    expect(
      official.filter((m) => /^[1-9]\d{7}$/.test(m.SO_THE_DANG)).length / official.length,
    ).toBeGreaterThan(0.95);
    const slash = official.filter((m) => /^\d{2}\/\d{2}\/\d{4}$/.test(m.NGAY_VAO_DANG));
    const twelveMonths = slash.filter((m) => {
      const [d, mo, y] = m.NGAY_VAO_DANG.split('/').map(Number) as [number, number, number];
      const expected = addMonths({ y, m: mo, d }, 12);
      const [d2, m2, y2] = m.NGAY_CHINH_THUC.split('/').map(Number) as [number, number, number];
      return dateKey(expected) === dateKey({ y: y2, m: m2, d: d2 });
    });
    expect(twelveMonths.length / slash.length).toBeGreaterThan(0.95);
    const years = members.map((m) => /(\d{4})$|^(\d{4})/.exec(m.NGAY_SINH)).filter(Boolean);
    const inRange = years.filter((y) => {
      const year = Number(y![1] ?? y![2]);
      return year >= 1930 && year <= 2005;
    });
    expect(inRange.length / years.length).toBeGreaterThan(0.99);
    const communeCodes = new Set([
      ...codes.communes.map((c) => c.code),
      ...codes.communesPre2025.map((c) => c.code),
    ]);
    const withCode = members.filter((m) => m.MA_DVHC_THUONG_TRU !== '');
    expect(
      withCode.filter((m) => communeCodes.has(m.MA_DVHC_THUONG_TRU)).length / withCode.length,
    ).toBeGreaterThan(0.99);
  });

  it('returns the injected duplicate pairs, both records present and alike', () => {
    const pairs = big.duplicatePairs ?? [];
    expect(pairs.length).toBeGreaterThan(100);
    expect(new Set(pairs.map((p) => p.kind)).size).toBe(4);
    const byId = new Map(members.map((m) => [m.MA_DANG_VIEN, m]));
    for (const pair of pairs) {
      const a = byId.get(pair.first)!;
      const b = byId.get(pair.second)!;
      expect(a, pair.first).toBeDefined();
      expect(b, pair.second).toBeDefined();
      expect(b.QUE_QUAN).toBe(a.QUE_QUAN);
      if (pair.kind === 'missing-id') expect(b.SO_CCCD).toBe('');
      else expect(b.SO_CCCD).toBe(a.SO_CCCD);
    }
    expect(small(1).duplicatePairs).toBeUndefined();
  });

  it('streams 200,000 members without holding them in memory', () => {
    const pkg = generateLegacyPackage(codes, { seed: 9, provinceCode: '79', memberCount: 200_000 });
    // Retained memory, not garbage V8 has not collected yet: collect before each measurement.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    const t0 = performance.now();
    let withId = 0;
    for (const row of pkg.members) {
      count++;
      if (row.MA_DANG_VIEN) withId++;
      if (count % 50_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    const s = (performance.now() - t0) / 1000;
    console.log(
      `200,000 members in ${s.toFixed(2)} s (${Math.round(200_000 / s)} rows/s), heap growth ${Math.round((peak - before) / 1e6)} MB`,
    );
    expect(count).toBe(200_000);
    expect(withId).toBe(200_000);
    // The rows alone would take several hundred MB if they were kept.
    expect(peak - before).toBeLessThan(120e6);
  }, 60_000);
});

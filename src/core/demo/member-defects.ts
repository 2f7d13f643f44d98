import {
  addMonths,
  dateKey,
  daysInMonth,
  fromDayNumber,
  randomDateBetween,
  toDayNumber,
  type SimpleDate,
} from './demo-dates.ts';
import type { Geography } from './demo-geography.ts';
import { addDaysTo, partyCardNumber, PARTY_FOUNDING, type PersonFacts } from './generate-person.ts';
import { encodeLegacy } from './legacy-encode.ts';
import type { LegacyMemberColumn, LegacyMemberRow } from './legacy-rows.ts';
import { weighted, type Random } from './random.ts';
import type { CodeLists } from '../codes/code-lists.ts';

/**
 * The member defects the generator injects, named after the rule (spec/error-catalogue.md) each one
 * should trigger. PHONE_NOTATION (+84, spaces, dots) is a notation the importer normalizes.
 */
export type FactDefectKind =
  | 'DATE_IN_FUTURE'
  | 'BIRTH_DATE_IMPLAUSIBLE'
  | 'ADMISSION_UNDER_AGE'
  | 'ADMISSION_BEFORE_FOUNDING'
  | 'OFFICIAL_BEFORE_ADMISSION'
  | 'OFFICIAL_DATE_MISMATCH'
  | 'PROBATION_OVERDUE'
  | 'CARD_WITHOUT_OFFICIAL'
  | 'DEATH_BEFORE_ADMISSION'
  | 'DECEASED_STILL_ACTIVE';

export type RowDefectKind =
  | 'TEXT_LEGACY_ENCODING'
  | 'TEXT_NOT_NFC'
  | 'TEXT_WHITESPACE'
  | 'NAME_CASE'
  | 'NAME_INVALID_CHARS'
  | 'MEMBER_REQUIRED_MISSING'
  | 'CITIZEN_ID_FORMAT'
  | 'CITIZEN_ID_LEGACY_CMND'
  | 'CITIZEN_ID_PROVINCE'
  | 'CITIZEN_ID_GENDER_CENTURY'
  | 'CITIZEN_ID_BIRTH_YEAR'
  | 'CITIZEN_ID_DUPLICATE'
  | 'PHONE_OLD_PREFIX'
  | 'PHONE_NOTATION'
  | 'PHONE_FORMAT'
  | 'EMAIL_FORMAT'
  | 'PARTY_CARD_FORMAT'
  | 'PARTY_CARD_DUPLICATE'
  | 'GENDER_INVALID'
  | 'ETHNICITY_UNRECOGNIZED'
  | 'RELIGION_UNRECOGNIZED'
  | 'STATUS_INVALID'
  | 'EDUCATION_INVALID'
  | 'THEORY_LEVEL_INVALID'
  | 'ADDRESS_UNKNOWN_UNIT'
  | 'DATE_INVALID'
  | 'MEMBER_ORG_MISSING'
  | 'MEMBER_ORG_TYPE_INVALID';

export type MemberDefectKind = FactDefectKind | RowDefectKind;

interface DefectSpec {
  /** Relative frequency, after the injected counts of the sample packages (per 3,000 members at rate 0.25). */
  weight: number;
  /** At most one defect of a group per member, so that one does not hide another. */
  group: string;
  /** 'facts' defects change what is true (dates, status) before the row is written. */
  stage: 'facts' | 'row';
  applies?: (facts: PersonFacts) => boolean;
}

const hasOfficial = (f: PersonFacts): boolean => f.official !== undefined && f.death === undefined;
const isActive = (f: PersonFacts): boolean => f.status === 'Chính thức' || f.status === 'Dự bị';

export const MEMBER_DEFECTS: Record<MemberDefectKind, DefectSpec> = {
  TEXT_LEGACY_ENCODING: { weight: 56, group: 'text', stage: 'row' },
  TEXT_NOT_NFC: { weight: 67, group: 'text', stage: 'row' },
  TEXT_WHITESPACE: { weight: 116, group: 'space', stage: 'row' },
  NAME_CASE: { weight: 49, group: 'text', stage: 'row' },
  NAME_INVALID_CHARS: { weight: 12, group: 'text', stage: 'row' },
  MEMBER_REQUIRED_MISSING: { weight: 31, group: 'missing', stage: 'row' },
  CITIZEN_ID_FORMAT: { weight: 65, group: 'id', stage: 'row' },
  CITIZEN_ID_LEGACY_CMND: { weight: 17, group: 'id', stage: 'row' },
  CITIZEN_ID_PROVINCE: { weight: 8, group: 'id', stage: 'row' },
  CITIZEN_ID_GENDER_CENTURY: { weight: 3, group: 'id', stage: 'row' },
  CITIZEN_ID_BIRTH_YEAR: { weight: 6, group: 'id', stage: 'row' },
  CITIZEN_ID_DUPLICATE: { weight: 5, group: 'id', stage: 'row' },
  PHONE_OLD_PREFIX: { weight: 37, group: 'phone', stage: 'row' },
  PHONE_NOTATION: { weight: 30, group: 'phone', stage: 'row' },
  PHONE_FORMAT: { weight: 7, group: 'phone', stage: 'row' },
  EMAIL_FORMAT: { weight: 17, group: 'email', stage: 'row' },
  PARTY_CARD_FORMAT: { weight: 13, group: 'card', stage: 'row', applies: (f) => f.partyCard !== '' },
  PARTY_CARD_DUPLICATE: { weight: 3, group: 'card', stage: 'row', applies: (f) => f.partyCard !== '' },
  GENDER_INVALID: { weight: 3, group: 'gender', stage: 'row' },
  ETHNICITY_UNRECOGNIZED: { weight: 68, group: 'ethnicity', stage: 'row' },
  RELIGION_UNRECOGNIZED: { weight: 52, group: 'religion', stage: 'row' },
  STATUS_INVALID: { weight: 4, group: 'status', stage: 'row', applies: (f) => f.death === undefined },
  EDUCATION_INVALID: { weight: 10, group: 'education', stage: 'row' },
  THEORY_LEVEL_INVALID: { weight: 8, group: 'theory', stage: 'row' },
  ADDRESS_UNKNOWN_UNIT: { weight: 3, group: 'address', stage: 'row' },
  DATE_INVALID: { weight: 13, group: 'dates', stage: 'row' },
  DATE_IN_FUTURE: { weight: 8, group: 'dates', stage: 'facts', applies: hasOfficial },
  BIRTH_DATE_IMPLAUSIBLE: { weight: 1.5, group: 'dates', stage: 'facts', applies: isActive },
  ADMISSION_UNDER_AGE: { weight: 6, group: 'dates', stage: 'facts', applies: hasOfficial },
  ADMISSION_BEFORE_FOUNDING: { weight: 1, group: 'status', stage: 'facts' },
  OFFICIAL_BEFORE_ADMISSION: { weight: 2, group: 'dates', stage: 'facts', applies: hasOfficial },
  OFFICIAL_DATE_MISMATCH: { weight: 23, group: 'dates', stage: 'facts', applies: hasOfficial },
  PROBATION_OVERDUE: { weight: 13, group: 'status', stage: 'facts' },
  CARD_WITHOUT_OFFICIAL: { weight: 15, group: 'status', stage: 'facts' },
  DEATH_BEFORE_ADMISSION: { weight: 6, group: 'status', stage: 'facts', applies: hasOfficial },
  DECEASED_STILL_ACTIVE: {
    weight: 14,
    group: 'status',
    stage: 'facts',
    applies: (f) => f.status === 'Chính thức',
  },
  MEMBER_ORG_MISSING: { weight: 2, group: 'org', stage: 'row' },
  MEMBER_ORG_TYPE_INVALID: { weight: 2, group: 'org', stage: 'row', applies: isActive },
};

export const isFactDefect = (kind: MemberDefectKind): kind is FactDefectKind =>
  MEMBER_DEFECTS[kind].stage === 'facts';

const defectTable = weighted(
  Object.entries(MEMBER_DEFECTS).map(([kind, spec]) => [kind as MemberDefectKind, spec.weight]),
);

/** Picks 1–3 compatible defect kinds for one member. */
export function pickMemberDefects(rng: Random, facts: PersonFacts): MemberDefectKind[] {
  const count = rng.chance(0.05) ? 3 : rng.chance(0.2) ? 2 : 1;
  const picked: MemberDefectKind[] = [];
  const groups = new Set<string>();
  for (let attempt = 0; picked.length < count && attempt < 12; attempt++) {
    const kind = rng.pickWeighted(defectTable);
    const spec = MEMBER_DEFECTS[kind];
    if (groups.has(spec.group) || (spec.applies && !spec.applies(facts))) continue;
    picked.push(kind);
    groups.add(spec.group);
  }
  return picked;
}

export interface DefectContext {
  rng: Random;
  geo: Geography;
  codes: CodeLists;
  referenceDate: SimpleDate;
  partyCardOffset: number;
  /** Recent clean citizen ids and cards, to copy into another person's record. */
  recentCitizenIds: string[];
  recentPartyCards: string[];
  missingOrganizationCode: () => string;
  nonCellCodes: string[];
}

/** Changes what is true about the member; the row written afterwards is consistent with the new facts. */
export function applyFactDefect(ctx: DefectContext, kind: FactDefectKind, f: PersonFacts): void {
  const { rng, referenceDate } = ctx;
  switch (kind) {
    case 'DATE_IN_FUTURE':
      f.official = addDaysTo(referenceDate, rng.int(60, 2500));
      break;
    case 'BIRTH_DATE_IMPLAUSIBLE':
      f.birth = { ...f.birth, y: rng.int(1898, referenceDate.y - 112) };
      f.birthPrecision = 'day';
      break;
    case 'ADMISSION_UNDER_AGE': {
      const birthDay = toDayNumber(f.birth);
      f.admission = fromDayNumber(birthDay + rng.int(14 * 365, 17 * 365 + 300));
      if (dateKey(f.admission) < dateKey(PARTY_FOUNDING)) f.admission = { y: 1946, m: 5, d: 19 };
      if (f.admission.m === 2 && f.admission.d === 29) f.admission.d = 28;
      f.admissionPrecision = 'day';
      f.official = addMonths(f.admission, 12);
      break;
    }
    case 'ADMISSION_BEFORE_FOUNDING':
      f.birth = randomDateBetween(rng, { y: 1900, m: 1, d: 1 }, { y: 1908, m: 12, d: 31 });
      f.admission = randomDateBetween(rng, { y: 1927, m: 1, d: 1 }, { y: 1929, m: 12, d: 28 });
      f.official = addMonths(f.admission, 12);
      f.partyCard ||= partyCardNumber(ctx, f.index);
      f.death = randomDateBetween(rng, { y: 1960, m: 1, d: 1 }, { y: 1995, m: 12, d: 31 });
      f.status = 'Từ trần';
      f.statusText = 'Từ trần';
      f.admissionPrecision = 'day';
      f.birthPrecision = rng.chance(0.5) ? 'year' : 'day';
      break;
    case 'OFFICIAL_BEFORE_ADMISSION':
      f.official = addMonths(f.admission, -rng.int(6, 36));
      break;
    case 'OFFICIAL_DATE_MISMATCH': {
      const official = rng.chance(0.3)
        ? addMonths(f.admission, 24)
        : addDaysTo(addMonths(f.admission, 12), rng.chance(0.5) ? rng.int(20, 200) : -rng.int(20, 200));
      f.official = dateKey(official) < dateKey(referenceDate) ? official : addMonths(f.admission, 6);
      f.admissionPrecision = 'day';
      break;
    }
    case 'PROBATION_OVERDUE':
    case 'CARD_WITHOUT_OFFICIAL': {
      const overdue = kind === 'PROBATION_OVERDUE';
      const from = addMonths(referenceDate, overdue ? -72 : -11);
      const to = addMonths(referenceDate, overdue ? -15 : -1);
      const adult = { y: f.birth.y + 18, m: f.birth.m, d: Math.min(f.birth.d, 28) };
      f.admission = randomDateBetween(rng, dateKey(adult) > dateKey(from) ? adult : from, to);
      if (dateKey(f.admission) > dateKey(to)) f.admission = to;
      f.admissionPrecision = 'day';
      f.official = undefined;
      f.death = undefined;
      f.status = 'Dự bị';
      f.statusText = 'Dự bị';
      f.partyCard = overdue ? '' : partyCardNumber(ctx, f.index);
      break;
    }
    case 'DEATH_BEFORE_ADMISSION': {
      const admission = toDayNumber(f.admission);
      const birth = toDayNumber(f.birth);
      f.death = fromDayNumber(rng.int(Math.max(birth + 1, admission - 8 * 365), admission - 1));
      f.status = 'Từ trần';
      f.statusText = 'Từ trần';
      break;
    }
    case 'DECEASED_STILL_ACTIVE':
      f.death = randomDateBetween(
        rng,
        addDaysTo(f.official ?? f.admission, 30),
        addDaysTo(referenceDate, -1),
      );
      break;
  }
}

const nameColumns: LegacyMemberColumn[] = [
  'HO_TEN',
  'TEN_GOI_KHAC',
  'NOI_SINH',
  'QUE_QUAN',
  'THUONG_TRU',
  'NGHE_NGHIEP',
];
const textColumns: LegacyMemberColumn[] = [
  'HO_TEN',
  'NOI_SINH',
  'QUE_QUAN',
  'THUONG_TRU',
  'CHUYEN_MON',
  'NGHE_NGHIEP',
];

const requiredFields = weighted<LegacyMemberColumn>([
  ['HO_TEN', 1],
  ['GIOI_TINH', 3],
  ['NGAY_SINH', 3],
  ['QUE_QUAN', 5],
  ['THUONG_TRU', 6],
  ['DAN_TOC', 6],
  ['TON_GIAO', 6],
  ['SO_CCCD', 6],
  ['NGAY_VAO_DANG', 2],
  ['NGAY_CHINH_THUC', 4],
  ['SO_THE_DANG', 6],
]);

/** Mistypes the written row. */
export function applyRowDefect(
  ctx: DefectContext,
  kind: RowDefectKind,
  row: LegacyMemberRow,
  f: PersonFacts,
): void {
  const { rng } = ctx;
  switch (kind) {
    case 'TEXT_LEGACY_ENCODING': {
      // A record typed in a legacy font: every free-text field of the record is in that encoding.
      const preferred = rng.chance(0.5) ? 'tcvn3' : 'vni';
      const fields = nameColumns.filter((c) => row[c] !== '');
      const encoding = fields.every((c) => encodeLegacy(row[c], preferred) !== undefined) ? preferred : 'vni';
      for (const column of fields) row[column] = encodeLegacy(row[column], encoding) ?? row[column];
      break;
    }
    case 'TEXT_NOT_NFC': {
      const candidates = textColumns.filter((c) => row[c].normalize('NFD') !== row[c]);
      for (const column of candidates.filter((_, i) => i === 0 || rng.chance(0.3))) {
        row[column] = row[column].normalize('NFD');
      }
      break;
    }
    case 'TEXT_WHITESPACE': {
      const candidates = [...textColumns].filter((c) => row[c] !== '');
      const count = rng.chance(0.3) ? 2 : 1;
      for (let i = 0; i < count && candidates.length > 0; i++) {
        const column = candidates.splice(rng.int(0, candidates.length - 1), 1)[0] as LegacyMemberColumn;
        row[column] = messUpWhitespace(rng, row[column]);
      }
      break;
    }
    case 'NAME_CASE':
      row.HO_TEN = rng.chance(0.6) ? row.HO_TEN.toUpperCase() : row.HO_TEN.toLowerCase();
      break;
    case 'NAME_INVALID_CHARS':
      row.HO_TEN += rng.pick(['1', ' 2', ' (mới)', '.', ' (cũ)', '*', '_']);
      break;
    case 'MEMBER_REQUIRED_MISSING': {
      let column = rng.pickWeighted(requiredFields);
      if ((column === 'NGAY_CHINH_THUC' || column === 'SO_THE_DANG') && row[column] === '')
        column = 'THUONG_TRU';
      row[column] = '';
      if (column === 'QUE_QUAN') row.MA_DVHC_QUE_QUAN = '';
      if (column === 'THUONG_TRU') row.MA_DVHC_THUONG_TRU = '';
      break;
    }
    case 'CITIZEN_ID_FORMAT': {
      const id = row.SO_CCCD;
      row.SO_CCCD = rng.pick([
        `${id.slice(0, 3)} ${id.slice(3, 6)} ${id.slice(6)}`,
        `${id.slice(0, 3)}.${id.slice(3, 6)}.${id.slice(6, 9)}.${id.slice(9)}`,
        `${id.slice(0, 4)} ${id.slice(4, 8)} ${id.slice(8)}`,
        id.slice(0, 5) + id.slice(6),
        id.slice(0, 7) + String(rng.int(0, 9)) + id.slice(7),
      ]);
      break;
    }
    case 'CITIZEN_ID_LEGACY_CMND':
      row.SO_CCCD = `${rng.pick(['0', '1', '2', '3'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
      break;
    case 'CITIZEN_ID_PROVINCE':
      row.SO_CCCD = rng.pick(ctx.geo.invalidCitizenIdPrefixes) + row.SO_CCCD.slice(3);
      break;
    case 'CITIZEN_ID_GENDER_CENTURY': {
      const digit = Number(row.SO_CCCD.charAt(3));
      const wrong = rng.chance(0.6) ? digit ^ 1 : (digit + 2) % 4;
      row.SO_CCCD = row.SO_CCCD.slice(0, 3) + String(wrong) + row.SO_CCCD.slice(4);
      break;
    }
    case 'CITIZEN_ID_BIRTH_YEAR': {
      const yy = (Number(row.SO_CCCD.slice(4, 6)) + rng.pick([1, 2, 9, 10, 90, 99])) % 100;
      row.SO_CCCD = row.SO_CCCD.slice(0, 4) + String(yy).padStart(2, '0') + row.SO_CCCD.slice(6);
      break;
    }
    case 'CITIZEN_ID_DUPLICATE':
      if (ctx.recentCitizenIds.length > 0) row.SO_CCCD = rng.pick(ctx.recentCitizenIds);
      break;
    case 'PHONE_OLD_PREFIX': {
      const current =
        row.SO_DIEN_THOAI || `0${rng.pick(['38', '39', '91', '94', '90'])}${rng.int(1_000_000, 9_999_999)}`;
      const old = ctx.codes.phonePrefixes.find(
        (p) => p.kind === 'mobile_old_11_digit' && p.convertedTo === current.slice(0, 3),
      );
      const prefix = old?.prefix ?? rng.pick(['0168', '0169', '0162', '0123', '0125']);
      const digits = prefix + current.slice(3);
      row.SO_DIEN_THOAI = rng.chance(0.3)
        ? `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`
        : digits;
      break;
    }
    case 'PHONE_NOTATION': {
      const phone = row.SO_DIEN_THOAI || `09${rng.int(10_000_000, 99_999_999)}`;
      const rest = phone.slice(1);
      row.SO_DIEN_THOAI = rng.pick([
        `+84 ${rest.slice(0, 3)} ${rest.slice(3, 6)} ${rest.slice(6)}`,
        `+84${rest}`,
        `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`,
        `${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`,
        `84${rest}`,
      ]);
      break;
    }
    case 'PHONE_FORMAT': {
      const phone = row.SO_DIEN_THOAI || `09${rng.int(10_000_000, 99_999_999)}`;
      row.SO_DIEN_THOAI = rng.pick([
        phone.slice(0, 9),
        `0${rng.pick(['52', '55', '59'])}1${rng.int(10_000_000, 99_999_999)}`,
        `011${rng.int(1_000_000, 9_999_999)}`,
      ]);
      break;
    }
    case 'EMAIL_FORMAT': {
      const email =
        row.EMAIL || `${f.name.given.length > 0 ? 'dangvien' : 'dv'}${rng.int(10, 9999)}@gmail.com`;
      row.EMAIL = rng.pick([
        email.replace('@', '@@'),
        email.replace(/\.(com|vn)$/, ',$1'),
        email.replace('@', ''),
        email.replace(/\.[a-z]+$/, ''),
      ]);
      break;
    }
    case 'PARTY_CARD_FORMAT': {
      const card = row.SO_THE_DANG;
      row.SO_THE_DANG = rng.pick([
        `A${card.slice(1)}`,
        card.replace(/0/, 'O') === card ? `${card.slice(0, 4)}O${card.slice(5)}` : card.replace(/0/, 'O'),
        card.slice(1),
        `${card}${rng.int(10, 99)}`,
      ]);
      break;
    }
    case 'PARTY_CARD_DUPLICATE':
      if (ctx.recentPartyCards.length > 0) row.SO_THE_DANG = rng.pick(ctx.recentPartyCards);
      break;
    case 'GENDER_INVALID':
      row.GIOI_TINH = rng.pick(['Khác', '?', 'Không rõ', 'X']);
      break;
    case 'ETHNICITY_UNRECOGNIZED': {
      const official = ctx.codes.ethnicities.find((e) => e.name === f.ethnicity);
      const variants = official
        ? [...official.aliases, ...official.spellingVariants].filter((v) => !isOfficialName(ctx, v))
        : [];
      row.DAN_TOC =
        f.ethnicity === 'Kinh'
          ? rng.chance(0.85)
            ? 'Việt'
            : 'Kinh (Việt)'
          : variants.length > 0 && rng.chance(0.9)
            ? rng.pick(variants)
            : rng.pick(['Khác', 'Dân tộc khác']);
      break;
    }
    case 'RELIGION_UNRECOGNIZED': {
      const buddhist = ctx.codes.religions.find((r) => r.name === 'Phật giáo');
      const catholic = ctx.codes.religions.find((r) => r.name === 'Công giáo');
      const pool =
        f.religion === 'Công giáo'
          ? ['Thiên chúa', 'Đạo Thiên Chúa']
          : rng.chance(0.5)
            ? ['Đạo Phật', 'Phật']
            : ['Thiên chúa', 'Lương'];
      row.TON_GIAO = rng.chance(0.8)
        ? rng.pick(pool)
        : rng.pick([...(buddhist?.aliases ?? []), ...(catholic?.aliases ?? [])]);
      break;
    }
    case 'STATUS_INVALID':
      row.TRANG_THAI = rng.pick(['Chờ xét', 'N/A', 'Tạm dừng', '?']);
      break;
    case 'EDUCATION_INVALID':
      row.TRINH_DO_GDPT = rng.pick(['12', 'Lớp 9', '9/9', '13/12', 'Đại học', '12/10']);
      break;
    case 'THEORY_LEVEL_INVALID':
      row.LY_LUAN_CHINH_TRI = rng.pick(['x', 'Chuyên viên', 'Đại học', 'Lớp đối tượng']);
      break;
    case 'ADDRESS_UNKNOWN_UNIT': {
      let code = '';
      do code = String(rng.int(90_000, 99_999));
      while (ctx.geo.knownUnitCodes.has(code));
      const text = `${rng.pick(['Xã Tân Thịnh Mới', 'Xã Đông Hà Bắc', 'Phường Hòa Bình Tây'])}, ${rng.pick(['Huyện Đông Hà Bắc', 'Huyện Tân Phú Thượng'])}, ${ctx.geo.province.name}`;
      if (rng.chance(0.5)) [row.QUE_QUAN, row.MA_DVHC_QUE_QUAN] = [text, code];
      else [row.THUONG_TRU, row.MA_DVHC_THUONG_TRU] = [text, code];
      break;
    }
    case 'DATE_INVALID': {
      const column = rng.pick<LegacyMemberColumn>(['NGAY_SINH', 'NGAY_VAO_DANG', 'NGAY_CHINH_THUC']);
      const date = column === 'NGAY_SINH' ? f.birth : column === 'NGAY_VAO_DANG' ? f.admission : f.official;
      if (date) row[column] = impossibleDate(rng, date);
      else row.NGAY_SINH = impossibleDate(rng, f.birth);
      break;
    }
    case 'MEMBER_ORG_MISSING':
      row.MA_TO_CHUC = ctx.missingOrganizationCode();
      break;
    case 'MEMBER_ORG_TYPE_INVALID':
      if (ctx.nonCellCodes.length > 0) row.MA_TO_CHUC = rng.pick(ctx.nonCellCodes);
      break;
  }
}

function isOfficialName(ctx: DefectContext, value: string): boolean {
  return ctx.codes.ethnicities.some((e) => e.name.toLowerCase() === value.toLowerCase());
}

function impossibleDate(rng: Random, date: SimpleDate): string {
  const variants: [number, number][] = [
    [31, 2],
    [30, 2],
    [31, 6],
    [31, 11],
    [32, 1],
    [15, 13],
  ];
  const [d, m] = rng.pick(variants);
  if (m <= 12 && d <= daysInMonth(date.y, m)) return `32/01/${date.y}`;
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${date.y}`;
}

function messUpWhitespace(rng: Random, value: string): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `${value} `;
    case 1:
      return ` ${value}`;
    case 2:
      return value.replace(' ', '  ');
    case 3:
      return value.replace(' ', '\t');
    default:
      return `${value}\u00a0`;
  }
}

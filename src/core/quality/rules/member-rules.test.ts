import { describe, expect, it } from 'vitest';
import { createAdminUnitIndex } from '../../codes/admin-units.ts';
import type { MemberColumn } from '../../import/column-mapping.ts';
import { loadCodeLists } from '../../../reference/load-reference.ts';
import { memberRow } from '../fixtures.ts';
import type { Finding } from '../finding.ts';
import type { RuleContext } from '../record.ts';
import { standardizeMember } from '../standardize-member.ts';
import { checkAddresses } from './addresses.ts';
import {
  checkEducation,
  checkEthnicity,
  checkGender,
  checkReligion,
  checkStatus,
  checkTheoryLevel,
} from './codes.ts';
import { checkDateLogic, checkDateValues } from './dates.ts';
import { checkCitizenId, checkEmail, checkPartyCardFormat, checkPhone } from './identifiers.ts';
import { checkDeceasedActive } from './liveness.ts';
import { checkRequired } from './required.ts';
import { checkMemberText } from './text.ts';

const codes = loadCodeLists();
const ctx: RuleContext = {
  codes,
  adminUnits: createAdminUnitIndex(codes),
  referenceDate: { year: 2025, month: 12, day: 10 },
};

type Check = (record: ReturnType<typeof standardizeMember>, ctx: RuleContext) => Finding[];
const ALL: Check[] = [
  checkRequired,
  checkCitizenId,
  checkPhone,
  checkEmail,
  checkPartyCardFormat,
  checkMemberText,
  checkGender,
  checkEthnicity,
  checkReligion,
  checkStatus,
  checkEducation,
  checkTheoryLevel,
  checkAddresses,
  checkDateValues,
  checkDateLogic,
  checkDeceasedActive,
];

function findingsOf(changes: Partial<Record<MemberColumn, string>>): Finding[] {
  const record = standardizeMember(memberRow(changes), ctx);
  return ALL.flatMap((check) => check(record, ctx));
}
const rulesOf = (changes: Partial<Record<MemberColumn, string>>) =>
  findingsOf(changes).map((f) => (f.field ? `${f.rule}:${f.field}` : f.rule));

describe('member rules', () => {
  it('report nothing on a clean sample row', () => {
    expect(findingsOf({})).toEqual([]);
  });

  // [rule:field, changes that must raise it, changes of the same field that must not]
  const cases: Array<[string, Partial<Record<MemberColumn, string>>, Partial<Record<MemberColumn, string>>]> =
    [
      ['MEMBER_REQUIRED_MISSING:DAN_TOC', { DAN_TOC: '' }, { DAN_TOC: 'Tày' }],
      ['MEMBER_REQUIRED_MISSING:QUE_QUAN', { QUE_QUAN: '', MA_DVHC_QUE_QUAN: '' }, { QUE_QUAN: '' }],
      [
        'MEMBER_REQUIRED_MISSING:SO_THE_DANG',
        { SO_THE_DANG: '' },
        { SO_THE_DANG: '', TRANG_THAI: 'Từ trần' },
      ],
      ['CITIZEN_ID_FORMAT:SO_CCCD', { SO_CCCD: '002 172 537 233' }, { SO_CCCD: '002172537233' }],
      ['CITIZEN_ID_FORMAT:SO_CCCD', { SO_CCCD: '00217253723' }, { SO_CCCD: '002172537233' }],
      ['CITIZEN_ID_LEGACY_CMND:SO_CCCD', { SO_CCCD: '172537233' }, { SO_CCCD: '002172537233' }],
      ['CITIZEN_ID_PROVINCE:SO_CCCD', { SO_CCCD: '999172537233' }, { SO_CCCD: '001172537233' }],
      ['CITIZEN_ID_GENDER_CENTURY:SO_CCCD', { SO_CCCD: '002072537233' }, { SO_CCCD: '002172537233' }],
      ['CITIZEN_ID_BIRTH_YEAR:SO_CCCD', { SO_CCCD: '002173537233' }, { SO_CCCD: '002172537233' }],
      ['PHONE_FORMAT:SO_DIEN_THOAI', { SO_DIEN_THOAI: '12345' }, { SO_DIEN_THOAI: '+84 934 541 892' }],
      ['PHONE_OLD_PREFIX:SO_DIEN_THOAI', { SO_DIEN_THOAI: '01234541892' }, { SO_DIEN_THOAI: '0834541892' }],
      ['EMAIL_FORMAT:EMAIL', { EMAIL: 'tuyet@@gmail' }, { EMAIL: 'tuyet.nt@gmail.com' }],
      ['PARTY_CARD_FORMAT:SO_THE_DANG', { SO_THE_DANG: '8237332' }, { SO_THE_DANG: '82 373 326' }],
      ['TEXT_LEGACY_ENCODING:HO_TEN', { HO_TEN: 'NguyÔn ThÞ TuyÕt' }, { HO_TEN: 'Nguyễn Thị Tuyết' }],
      ['TEXT_LEGACY_ENCODING:NGHE_NGHIEP', { NGHE_NGHIEP: 'Höu trí' }, { NGHE_NGHIEP: 'Hưu trí' }],
      ['TEXT_NOT_NFC:NOI_SINH', { NOI_SINH: 'Xã Tả Lủng'.normalize('NFD') }, { NOI_SINH: 'Xã Tả Lủng' }],
      ['TEXT_WHITESPACE:HO_TEN', { HO_TEN: 'Nguyễn  Thị Tuyết ' }, { HO_TEN: 'Nguyễn Thị Tuyết' }],
      ['TEXT_WHITESPACE:EMAIL', { EMAIL: ' tuyet.nt@gmail.com' }, { EMAIL: 'tuyet.nt@gmail.com' }],
      ['NAME_CASE:HO_TEN', { HO_TEN: 'NGUYỄN THỊ TUYẾT' }, { HO_TEN: 'Nguyễn Thị Tuyết' }],
      ['NAME_INVALID_CHARS:HO_TEN', { HO_TEN: 'Nguyễn Thị Tuyết1' }, { HO_TEN: 'Nguyễn Thị Tuyết' }],
      ['GENDER_INVALID:GIOI_TINH', { GIOI_TINH: '2' }, { GIOI_TINH: 'F' }],
      ['ETHNICITY_UNRECOGNIZED:DAN_TOC', { DAN_TOC: 'Việt' }, { DAN_TOC: 'kinh' }],
      ['ETHNICITY_UNRECOGNIZED:DAN_TOC', { DAN_TOC: 'Người sao Hỏa' }, { DAN_TOC: 'Kinh' }],
      ['RELIGION_UNRECOGNIZED:TON_GIAO', { TON_GIAO: 'Thiên chúa' }, { TON_GIAO: 'Công giáo' }],
      ['RELIGION_UNRECOGNIZED:TON_GIAO', { TON_GIAO: 'Đạo ông bà' }, { TON_GIAO: 'Phật giáo' }],
      ['STATUS_INVALID:TRANG_THAI', { TRANG_THAI: 'Đang xét' }, { TRANG_THAI: 'CHÍNH THỨC' }],
      ['EDUCATION_INVALID:TRINH_DO_GDPT', { TRINH_DO_GDPT: 'Lớp 9' }, { TRINH_DO_GDPT: '9/12' }],
      [
        'THEORY_LEVEL_INVALID:LY_LUAN_CHINH_TRI',
        { LY_LUAN_CHINH_TRI: 'Khá' },
        { LY_LUAN_CHINH_TRI: 'Cao cấp' },
      ],
      [
        'ADDRESS_OBSOLETE_UNIT:MA_DVHC_QUE_QUAN',
        { MA_DVHC_QUE_QUAN: '00742' },
        { MA_DVHC_QUE_QUAN: '00721' },
      ],
      [
        'ADDRESS_UNKNOWN_UNIT:MA_DVHC_THUONG_TRU',
        { MA_DVHC_THUONG_TRU: '99999' },
        { MA_DVHC_THUONG_TRU: '00721' },
      ],
      ['DATE_INVALID:NGAY_SINH', { NGAY_SINH: '31/02/1972' }, { NGAY_SINH: '00/00/1972' }],
      [
        'DATE_IN_FUTURE:NGAY_CHINH_THUC',
        { NGAY_CHINH_THUC: '03/01/2026' },
        { NGAY_CHINH_THUC: '03/01/2002' },
      ],
      ['BIRTH_DATE_IMPLAUSIBLE:NGAY_SINH', { NGAY_SINH: '1910' }, { NGAY_SINH: '1910', NGAY_MAT: '2000' }],
      [
        'ADMISSION_UNDER_AGE:NGAY_VAO_DANG',
        { NGAY_SINH: '1983-01-04', NGAY_VAO_DANG: '2001-01-03', NGAY_CHINH_THUC: '2002-01-03' },
        { NGAY_SINH: '1983-01-03', NGAY_VAO_DANG: '2001-01-03' },
      ],
      [
        'ADMISSION_BEFORE_FOUNDING:NGAY_VAO_DANG',
        { NGAY_SINH: '1900', NGAY_VAO_DANG: '1929', NGAY_CHINH_THUC: '1930' },
        { NGAY_VAO_DANG: '03/02/1930', NGAY_SINH: '1900' },
      ],
      [
        'OFFICIAL_BEFORE_ADMISSION:NGAY_CHINH_THUC',
        { NGAY_CHINH_THUC: '2000-12-01' },
        { NGAY_CHINH_THUC: '2001' },
      ],
      [
        'OFFICIAL_DATE_MISMATCH:NGAY_CHINH_THUC',
        { NGAY_CHINH_THUC: '2002-03-01' },
        { NGAY_CHINH_THUC: '01/2002' },
      ],
      [
        'PROBATION_OVERDUE:NGAY_VAO_DANG',
        { TRANG_THAI: 'Dự bị', NGAY_CHINH_THUC: '', SO_THE_DANG: '', NGAY_VAO_DANG: '2024-10-01' },
        { TRANG_THAI: 'Dự bị', NGAY_CHINH_THUC: '', SO_THE_DANG: '', NGAY_VAO_DANG: '2024-11-20' },
      ],
      [
        'CARD_WITHOUT_OFFICIAL:SO_THE_DANG',
        { TRANG_THAI: 'Dự bị', NGAY_VAO_DANG: '2025-06-01', NGAY_CHINH_THUC: '' },
        { TRANG_THAI: 'Dự bị', NGAY_VAO_DANG: '2025-06-01', NGAY_CHINH_THUC: '', SO_THE_DANG: '' },
      ],
      [
        'DEATH_BEFORE_ADMISSION:NGAY_MAT',
        { NGAY_MAT: '2000-05-01', TRANG_THAI: 'Từ trần' },
        { NGAY_MAT: '2001-05-01', TRANG_THAI: 'Từ trần' },
      ],
      [
        'DECEASED_STILL_ACTIVE:TRANG_THAI',
        { NGAY_MAT: '2020-05-01' },
        { NGAY_MAT: '2020-05-01', TRANG_THAI: 'Từ trần' },
      ],
    ];

  for (const [key, positive, negative] of cases) {
    it(`${key} fires on ${JSON.stringify(positive)} and not on ${JSON.stringify(negative)}`, () => {
      expect(rulesOf(positive)).toContain(key);
      expect(rulesOf(negative)).not.toContain(key);
    });
  }

  it('records the source value and the applied fix', () => {
    const [phone] = findingsOf({ SO_DIEN_THOAI: '0123 454 1892' });
    expect(phone).toMatchObject({
      rule: 'PHONE_OLD_PREFIX',
      severity: 'fix',
      value: '0123 454 1892',
      suggested: '0834541892',
    });
    const [id] = findingsOf({ SO_CCCD: '002.172.537.233' });
    expect(id).toMatchObject({ rule: 'CITIZEN_ID_FORMAT', severity: 'fix', suggested: '002172537233' });
  });

  it('gives OFFICIAL_DATE_MISMATCH with OFFICIAL_BEFORE_ADMISSION (samples/README.md)', () => {
    expect(rulesOf({ NGAY_CHINH_THUC: '2000-12-01' })).toEqual([
      'OFFICIAL_BEFORE_ADMISSION:NGAY_CHINH_THUC',
      'OFFICIAL_DATE_MISMATCH:NGAY_CHINH_THUC',
    ]);
  });

  it('maps gender 1/0 and M/F without a finding', () => {
    for (const gender of ['0', 'F', 'nữ']) expect(rulesOf({ GIOI_TINH: gender })).toEqual([]);
  });

  it('warns with candidates when an old commune was split', () => {
    const split = codes.adminUnitMappings.find((m) => m.mergeType === 'partial' && m.oldCommuneCode !== '');
    const found = findingsOf({ MA_DVHC_THUONG_TRU: split!.oldCommuneCode });
    expect(found).toEqual([
      expect.objectContaining({
        rule: 'ADDRESS_OBSOLETE_UNIT',
        severity: 'warning',
        field: 'MA_DVHC_THUONG_TRU',
      }),
    ]);
  });
});

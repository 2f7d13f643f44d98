import type { CodeLists } from '../codes/code-lists.ts';
import { foldForSearch } from '../text/fold.ts';
import {
  addMonths,
  dateKey,
  formatDate,
  fromDayNumber,
  randomDateBetween,
  toDayNumber,
  type DatePrecision,
  type DateStyle,
  type SimpleDate,
} from './demo-dates.ts';
import type { Geography, NewCommuneRef, OldCommuneRef } from './demo-geography.ts';
import type { LegacyMemberRow } from './legacy-rows.ts';
import type { CellProfile } from './plan-organizations.ts';
import { weighted, type Random, type WeightedTable } from './random.ts';
import {
  generateName,
  nameTraditionOf,
  toOldToneStyle,
  type Gender,
  type PersonName,
} from './vietnamese-names.ts';

export type MemberStatus =
  'Chính thức' | 'Dự bị' | 'Đã chuyển đi' | 'Từ trần' | 'Xóa tên' | 'Khai trừ' | 'Miễn sinh hoạt';

/** The true facts of one member, before they are written (and mistyped) into a 3.0 row. */
export interface PersonFacts {
  index: number;
  gender: Gender;
  genderText: string;
  name: PersonName;
  fullName: string;
  otherName: string;
  birth: SimpleDate;
  birthPrecision: DatePrecision;
  birthPlace: OldCommuneRef;
  birthPlaceText: string;
  hometownText: string;
  hometownCode: string;
  residenceText: string;
  residenceCode: string;
  ethnicity: string;
  religion: string;
  citizenId: string;
  phone: string;
  email: string;
  admission: SimpleDate;
  admissionPrecision: DatePrecision;
  official: SimpleDate | undefined;
  partyCard: string;
  status: MemberStatus;
  statusText: string;
  death: SimpleDate | undefined;
  updated: SimpleDate;
  education: string;
  profession: string;
  theory: string;
  occupation: string;
  dateStyle: DateStyle;
}

export interface CellContext {
  code: string;
  commune: NewCommuneRef | undefined;
  profile: CellProfile;
}

export interface PersonContext {
  geo: Geography;
  codes: CodeLists;
  referenceDate: SimpleDate;
  /** Offsets that make citizen-id serials and party cards differ between seeds. */
  citizenIdOffset: number;
  partyCardOffset: number;
}

export const PARTY_FOUNDING: SimpleDate = { y: 1930, m: 2, d: 3 };

const decadeWeights: [number, number, number][] = [
  [1930, 1939, 2],
  [1940, 1949, 6],
  [1950, 1959, 13],
  [1960, 1969, 19],
  [1970, 1979, 20],
  [1980, 1989, 19],
  [1990, 1999, 16],
  [2000, 2005, 5],
];
const birthYears = weighted(
  decadeWeights.flatMap(([from, to, weight]) =>
    Array.from({ length: to - from + 1 }, (_, i) => [from + i, weight / (to - from + 1)] as const),
  ),
);
const admissionAges = weighted<[number, number]>([
  [[18, 22], 18],
  [[23, 30], 35],
  [[31, 40], 30],
  [[41, 50], 13],
  [[51, 60], 4],
]);
const dateStyles = weighted<DateStyle>([
  ['dd/mm/yyyy', 68],
  ['d/m/yyyy', 8],
  ['dd-mm-yyyy', 8],
  ['dd.mm.yyyy', 4],
  ['yyyy-mm-dd', 12],
]);
const partialPrecisions = weighted<DatePrecision>([
  ['year', 40],
  ['month', 30],
  ['zero-day-month', 15],
  ['zero-day', 15],
]);
const professions = weighted([
  ['', 25],
  ['Sơ cấp', 5],
  ['Trung cấp', 15],
  ['Cao đẳng', 10],
  ['Đại học', 35],
  ['Thạc sĩ', 8],
  ['Tiến sĩ', 1],
]);
const theoryLevels = weighted([
  ['', 35],
  ['Sơ cấp', 35],
  ['Trung cấp', 20],
  ['Cao cấp', 7],
  ['Cử nhân', 3],
]);
const villageOccupations = weighted([
  ['Nông dân', 45],
  ['Cán bộ, công chức', 10],
  ['Công nhân', 10],
  ['Kinh doanh', 10],
  ['Lao động tự do', 10],
  ['Bộ đội xuất ngũ', 5],
  ['Giáo viên', 5],
  ['Viên chức', 5],
]);
const occupationsByProfile: Record<Exclude<CellProfile, 'village'>, WeightedTable<string>> = {
  school: weighted([
    ['Giáo viên', 85],
    ['Viên chức', 15],
  ]),
  college: weighted([
    ['Giảng viên', 60],
    ['Viên chức', 30],
    ['Giáo viên', 10],
  ]),
  health: weighted([
    ['Viên chức', 50],
    ['Bác sĩ', 30],
    ['Điều dưỡng', 20],
  ]),
  hospital: weighted([
    ['Bác sĩ', 40],
    ['Điều dưỡng', 30],
    ['Viên chức', 25],
    ['Dược sĩ', 5],
  ]),
  police: weighted([['Lực lượng vũ trang', 100]]),
  military: weighted([['Lực lượng vũ trang', 100]]),
  agency: weighted([
    ['Cán bộ, công chức', 85],
    ['Viên chức', 15],
  ]),
  company: weighted([
    ['Công nhân', 40],
    ['Kỹ sư', 25],
    ['Nhân viên văn phòng', 25],
    ['Quản lý doanh nghiệp', 10],
  ]),
};
const otherNames = ['Ba', 'Tư', 'Năm', 'Sáu', 'Út', 'Hai', 'Bảy', 'Tám'];
const emailDomains = weighted([
  ['gmail.com', 60],
  ['yahoo.com', 12],
  ['outlook.com', 8],
  ['gov', 20],
]);

function religionTable(region: Geography['region']): WeightedTable<string> {
  const base: [string, number][] = [
    ['Không', 93.5],
    ['Phật giáo', 3.5],
    ['Công giáo', 2],
    ['Tin Lành', region === 'highlands' ? 2 : 0.3],
  ];
  if (region === 'south') base.push(['Cao Đài', 0.8], ['Phật giáo Hòa Hảo', 0.6], ['Hồi giáo', 0.05]);
  return weighted(base);
}

export interface PersonGenerator {
  generate(rng: Random, index: number, cell: CellContext, forceOfficial: boolean): PersonFacts;
  /** The 12-digit citizen id the facts imply. */
  citizenIdOf(facts: Pick<PersonFacts, 'birthPlace' | 'gender' | 'birth'>, serial: number): string;
  /** Turns facts into a row, writing dates in the record's style. */
  toRow(id: string, organizationCode: string, facts: PersonFacts): LegacyMemberRow;
}

export function createPersonGenerator(ctx: PersonContext): PersonGenerator {
  const { geo, referenceDate } = ctx;
  const religions = religionTable(geo.region);
  const phonePrefixes = weighted(
    ctx.codes.phonePrefixes
      .filter((p) => p.kind === 'mobile_current')
      .map(
        (p) =>
          [
            p.prefix,
            p.carrier.startsWith('Viettel') ? 4 : /Vinaphone|MobiFone/.test(p.carrier) ? 2.5 : 0.5,
          ] as const,
      ),
  );
  const latestOfficialAdmission = addMonths(referenceDate, -13);
  const probationFrom = fromDayNumber(toDayNumber(referenceDate) - 330);
  const probationTo = fromDayNumber(toDayNumber(referenceDate) - 10);
  const refYear = referenceDate.y;
  const villageWord = (urban: boolean): string =>
    urban ? (geo.region === 'south' ? 'Khu phố' : 'Tổ dân phố') : geo.region === 'south' ? 'Ấp' : 'Thôn';
  const provinceSlug = foldForSearch(geo.province.shortName).replace(/ /g, '');

  const citizenIdOf: PersonGenerator['citizenIdOf'] = (facts, serial) => {
    const century = facts.birth.y >= 2000 ? 2 : 0;
    const digit = century + (facts.gender === 'Nữ' ? 1 : 0);
    const yy = String(facts.birth.y % 100).padStart(2, '0');
    return `${facts.birthPlace.citizenIdPrefix}${digit}${yy}${String(serial).padStart(6, '0')}`;
  };

  const address = (rng: Random, place: OldCommuneRef, oldStyle: boolean): [string, string] =>
    oldStyle ? [place.oldText, place.code] : [place.newText, place.newCommuneCode];

  function generate(rng: Random, index: number, cell: CellContext, forceOfficial: boolean): PersonFacts {
    const gender: Gender = rng.chance(0.63) ? 'Nam' : 'Nữ';
    const birthYear = rng.pickWeighted(birthYears);
    const birth = randomDateBetween(rng, { y: birthYear, m: 1, d: 1 }, { y: birthYear, m: 12, d: 31 });
    const age = refYear - birthYear;

    let status: MemberStatus = 'Chính thức';
    if (!forceOfficial) {
      const roll = rng.next();
      const deceased = age >= 75 ? 0.1 : age >= 60 ? 0.03 : 0.003;
      const exempt = age >= 75 ? 0.12 : age >= 60 ? 0.03 : 0;
      const probationary = age <= 45 ? 0.09 : 0.005;
      let edge = deceased;
      if (roll < edge) status = 'Từ trần';
      else if (roll < (edge += exempt)) status = 'Miễn sinh hoạt';
      else if (roll < (edge += 0.02)) status = 'Đã chuyển đi';
      else if (roll < (edge += 0.003)) status = 'Xóa tên';
      else if (roll < (edge += 0.0015)) status = 'Khai trừ';
      else if (roll < (edge += probationary)) status = 'Dự bị';
    }

    let admission: SimpleDate;
    const adult = { y: birth.y + 18, m: birth.m, d: birth.d };
    if (status === 'Dự bị') {
      admission = randomDateBetween(
        rng,
        dateKey(adult) > dateKey(probationFrom) ? adult : probationFrom,
        probationTo,
      );
    } else {
      const [minAge, maxAge] = rng.pickWeighted(admissionAges);
      admission = fromDayNumber(
        toDayNumber({ y: birth.y + rng.int(minAge, maxAge), m: birth.m, d: 1 }) + rng.int(0, 364),
      );
      if (dateKey(admission) > dateKey(latestOfficialAdmission)) {
        admission = randomDateBetween(rng, adult, latestOfficialAdmission);
      }
    }
    if (admission.m === 2 && admission.d === 29) admission = { ...admission, d: 28 };
    const official = status === 'Dự bị' ? undefined : addMonths(admission, 12);

    let death: SimpleDate | undefined;
    if (status === 'Từ trần' && official) {
      const earliest = { y: Math.max(official.y + 1, birth.y + 55), m: 1, d: 1 };
      death = randomDateBetween(
        rng,
        dateKey(earliest) < dateKey(referenceDate) ? earliest : official,
        addDaysTo(referenceDate, -1),
      );
    }

    const ethnicityTable = geo.ethnicities(rng.chance(0.78) ? geo.province.code : 'other');
    const birthPlace = rng.chance(0.8) ? rng.pick(geo.localOldCommunes) : rng.pick(geo.nationalOldCommunes);
    const ethnicity = rng.pickWeighted(
      birthPlace.newProvinceCode === geo.province.code
        ? ethnicityTable
        : geo.ethnicities(birthPlace.newProvinceCode),
    );
    const name = generateName(rng, gender, nameTraditionOf(ethnicity));
    const fullName = rng.chance(0.2) ? toOldToneStyle(name.full) : name.full;

    const hometownPlace = rng.chance(0.65) ? birthPlace : rng.pick(geo.localOldCommunes);
    let [hometownText, hometownCode] = address(rng, hometownPlace, rng.chance(0.6));
    if (rng.chance(0.4))
      hometownText = `${villageWord(hometownText.startsWith('Phường'))} ${rng.int(1, 20)}, ${hometownText}`;
    if (rng.chance(0.04)) hometownCode = '';

    const home = cell.commune ?? rng.pick(geo.communes);
    let residenceText: string;
    let residenceCode: string;
    if (home.oldCommunes.length > 0 && rng.chance(0.45)) {
      const old = rng.pick(home.oldCommunes);
      [residenceText, residenceCode] = [old.oldText, old.code];
    } else {
      [residenceText, residenceCode] = [home.text, home.commune.code];
    }
    if (rng.chance(0.55))
      residenceText = `${villageWord(home.commune.type === 'Phường')} ${rng.int(1, 25)}, ${residenceText}`;
    if (rng.chance(0.04)) residenceCode = '';

    const phone = rng.chance(age < 70 ? 0.8 : 0.45)
      ? `${rng.pickWeighted(phonePrefixes)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`
      : '';
    let email = '';
    if (rng.chance(age < 60 ? 0.3 : 0.08)) {
      const initials = foldForSearch(`${name.family} ${name.middle}`)
        .split(' ')
        .map((part) => part.charAt(0))
        .join('');
      const domain = rng.pickWeighted(emailDomains);
      email = `${foldForSearch(name.given).replace(/ /g, '')}.${initials}${rng.int(1, 9999)}@${domain === 'gov' ? `${provinceSlug}.gov.vn` : domain}`;
    }

    const education =
      birthYear < 1960
        ? rng.pick(['10/10', '10/10', '7/10', '9/10', '12/12'])
        : birthYear < 1976
          ? rng.pick(['10/10', '12/12', '12/12', '12/12', '9/12'])
          : rng.chance(0.9)
            ? '12/12'
            : '9/12';
    const retired = age >= 60 || status === 'Từ trần';
    const occupation =
      retired && rng.chance(0.85)
        ? 'Hưu trí'
        : age < 25 && cell.profile === 'village' && rng.chance(0.4)
          ? 'Học sinh, sinh viên'
          : rng.pickWeighted(
              cell.profile === 'village' ? villageOccupations : occupationsByProfile[cell.profile],
            );

    const dateStyle = rng.pickWeighted(dateStyles);
    const birthPrecision: DatePrecision =
      birthYear < 1960 && rng.chance(0.18) ? rng.pickWeighted(partialPrecisions) : 'day';
    const admissionPrecision: DatePrecision = admission.y < 1975 && rng.chance(0.1) ? 'month' : 'day';
    const updatedFrom = dateKey(admission) > 20_150_101 ? admission : { y: 2015, m: 1, d: 1 };
    const genderRoll = rng.next();
    const genderText =
      genderRoll < 0.95
        ? gender
        : genderRoll < 0.97
          ? gender.toLowerCase()
          : genderRoll < 0.985
            ? gender === 'Nam'
              ? '1'
              : '0'
            : gender === 'Nam'
              ? 'M'
              : 'F';
    const statusText = rng.chance(0.02)
      ? rng.chance(0.5)
        ? status.toLowerCase()
        : status.toUpperCase()
      : status;

    return {
      index,
      gender,
      genderText,
      name,
      fullName,
      otherName: birthYear < 1960 && rng.chance(0.03) ? rng.pick(otherNames) : '',
      birth,
      birthPrecision,
      birthPlace,
      birthPlaceText: rng.chance(0.7) ? birthPlace.oldText : birthPlace.newText,
      hometownText,
      hometownCode,
      residenceText,
      residenceCode,
      ethnicity: ethnicity === 'Kinh' && rng.chance(0.005) ? 'kinh' : ethnicity,
      religion: rng.pickWeighted(religions),
      citizenId: citizenIdOf(
        { birthPlace, gender, birth },
        (index * 388_471 + ctx.citizenIdOffset) % 1_000_000,
      ),
      phone,
      email,
      admission,
      admissionPrecision,
      official,
      partyCard: official ? partyCardNumber(ctx, index) : '',
      status,
      statusText,
      death,
      updated: randomDateBetween(rng, updatedFrom, addDaysTo(referenceDate, -1)),
      education,
      profession: rng.pickWeighted(professions),
      theory: rng.pickWeighted(theoryLevels),
      occupation,
      dateStyle,
    };
  }

  function toRow(id: string, organizationCode: string, f: PersonFacts): LegacyMemberRow {
    const date = (value: SimpleDate | undefined, precision: DatePrecision = 'day'): string =>
      value ? formatDate(value, f.dateStyle, precision) : '';
    return {
      MA_DANG_VIEN: id,
      HO_TEN: f.fullName,
      TEN_GOI_KHAC: f.otherName,
      GIOI_TINH: f.genderText,
      NGAY_SINH: date(f.birth, f.birthPrecision),
      NOI_SINH: f.birthPlaceText,
      QUE_QUAN: f.hometownText,
      MA_DVHC_QUE_QUAN: f.hometownCode,
      THUONG_TRU: f.residenceText,
      MA_DVHC_THUONG_TRU: f.residenceCode,
      DAN_TOC: f.ethnicity,
      TON_GIAO: f.religion,
      SO_CCCD: f.citizenId,
      SO_DIEN_THOAI: f.phone,
      EMAIL: f.email,
      NGAY_VAO_DANG: date(f.admission, f.admissionPrecision),
      NGAY_CHINH_THUC: date(f.official, f.admissionPrecision),
      SO_THE_DANG: f.partyCard,
      MA_TO_CHUC: organizationCode,
      TRINH_DO_GDPT: f.education,
      CHUYEN_MON: f.profession,
      LY_LUAN_CHINH_TRI: f.theory,
      NGHE_NGHIEP: f.occupation,
      TRANG_THAI: f.statusText,
      NGAY_MAT: date(f.death),
      NGAY_CAP_NHAT: date(f.updated),
    };
  }

  return { generate, citizenIdOf, toRow };
}

/** 8 digits, 10000000–99999999, distinct for every index below 90 million (an affine bijection). */
export function partyCardNumber(ctx: Pick<PersonContext, 'partyCardOffset'>, index: number): string {
  return String(10_000_000 + ((index * 27_182_819 + ctx.partyCardOffset) % 90_000_000));
}

export function addDaysTo(date: SimpleDate, days: number): SimpleDate {
  return fromDayNumber(toDayNumber(date) + days);
}

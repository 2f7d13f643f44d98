import { encodeLegacy } from './legacy-encode.ts';
import type { LegacyOrganizationRow } from './legacy-rows.ts';
import { formatDate, randomDateBetween } from './demo-dates.ts';
import type { Geography, NewCommuneRef } from './demo-geography.ts';
import type { Random } from './random.ts';

/** What kind of unit a chi bộ is; it drives the members' occupations and where they live. */
export type CellProfile =
  'village' | 'school' | 'health' | 'police' | 'military' | 'agency' | 'hospital' | 'college' | 'company';

export type OrganizationDefect =
  | 'ORG_CODE_DUPLICATE'
  | 'ORG_PARENT_MISSING'
  | 'ORG_HIERARCHY_CYCLE'
  | 'ORG_TYPE_INVALID'
  | 'ORG_TYPE_PARENT_MISMATCH'
  | 'ORG_OBSOLETE_LEVEL'
  | 'ORG_NAME_NONSTANDARD'
  | 'TEXT_LEGACY_ENCODING'
  | 'ORG_EMPTY'
  | 'ORG_TOO_FEW_MEMBERS'
  | 'ORG_DISSOLVED_HAS_MEMBERS';

export interface PlannedOrganization {
  row: LegacyOrganizationRow;
  /** The type before any injected defect. */
  type: string;
  isCell: boolean;
  memberCount: number;
  /** Where members of a chi bộ live; undefined for province-wide units. */
  commune: NewCommuneRef | undefined;
  profile: CellProfile;
  /** Members of this cell are all official (a "too few members" cell must really have < 3 official). */
  officialOnly: boolean;
  defects: OrganizationDefect[];
}

export interface OrganizationPlan {
  /** Every output row in order, including injected duplicate-code rows. */
  rows: LegacyOrganizationRow[];
  organizations: PlannedOrganization[];
  /** The chi bộ that members are generated into, in output order. */
  cells: PlannedOrganization[];
  /** Codes that exist nowhere, for members whose organization is missing. */
  missingCode: () => string;
  /** Organizations that hold chi bộ and so must not hold members directly. */
  nonCellCodes: string[];
  defectCounts: Partial<Record<OrganizationDefect, number>>;
}

export interface OrganizationPlanOptions {
  memberCount: number;
  defectRate: number;
}

const MEMBERS_PER_CELL = 30;
const SHARE_COMMUNES = 0.74;
const SHARE_INSTITUTIONS = 0.19;

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
const stripType = (name: string, type: string): string =>
  name.startsWith(type + ' ') ? name.slice(type.length + 1) : name;

const villageNames = {
  ban: [
    'Nà Làng',
    'Pác Bó',
    'Nặm Đăm',
    'Khuổi Nọi',
    'Nà Hin',
    'Phiêng Lằn',
    'Cốc Phát',
    'Nà Mèo',
    'Khau Vai',
    'Ta Lan',
    'Nà Pồng',
    'Lũng Phầy',
    'Pắc Nghè',
    'Nà Coóc',
    'Tỉn Tốc',
  ],
  buon: ['Ea Kmar', 'Kô Sia', 'Trấp', 'Đôn', 'Ja Wầm', 'Mư Nga', 'Ea Na', 'Sút Mđư', 'Krông Jing', 'Tơ Nia'],
};

interface InstitutionTemplate {
  name: string;
  profile: CellProfile;
}

const provinceInstitutions: InstitutionTemplate[] = [
  { name: 'Bệnh viện Đa khoa tỉnh', profile: 'hospital' },
  { name: 'Bệnh viện Y học cổ truyền tỉnh', profile: 'hospital' },
  { name: 'Bệnh viện Sản - Nhi tỉnh', profile: 'hospital' },
  { name: 'Công an tỉnh', profile: 'police' },
  { name: 'Bộ Chỉ huy Quân sự tỉnh', profile: 'military' },
  { name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh', profile: 'military' },
  { name: 'Trường Cao đẳng Kỹ thuật', profile: 'college' },
  { name: 'Trường Cao đẳng Y tế', profile: 'college' },
  { name: 'Trường Chính trị tỉnh', profile: 'college' },
  { name: 'Cơ quan Ủy ban nhân dân tỉnh', profile: 'agency' },
  { name: 'Sở Y tế', profile: 'agency' },
  { name: 'Sở Giáo dục và Đào tạo', profile: 'agency' },
  { name: 'Sở Nông nghiệp và Môi trường', profile: 'agency' },
  { name: 'Sở Tài chính', profile: 'agency' },
  { name: 'Sở Xây dựng', profile: 'agency' },
  { name: 'Báo và Phát thanh, Truyền hình tỉnh', profile: 'agency' },
  { name: 'Công ty Điện lực', profile: 'company' },
  { name: 'Công ty Cổ phần Cấp thoát nước', profile: 'company' },
  { name: 'Công ty Cổ phần Xi măng', profile: 'company' },
];
const districtInstitutions: InstitutionTemplate[] = [
  { name: 'Trung tâm Y tế khu vực', profile: 'hospital' },
  { name: 'Bệnh viện Đa khoa khu vực', profile: 'hospital' },
  { name: 'Công ty TNHH Một thành viên Lâm nghiệp', profile: 'company' },
  { name: 'Chi nhánh Ngân hàng Nông nghiệp và Phát triển nông thôn', profile: 'company' },
  { name: 'Trường Trung học phổ thông', profile: 'college' },
];
const departments: Record<CellProfile, string[]> = {
  hospital: [
    'Khoa Nội',
    'Khoa Ngoại',
    'Khoa Nhi',
    'Khoa Sản',
    'Khoa Hồi sức cấp cứu',
    'Khoa Xét nghiệm',
    'Khoa Dược',
    'Phòng Kế hoạch tổng hợp',
    'Phòng Điều dưỡng',
    'Phòng Tổ chức - Hành chính',
    'Phòng Tài chính - Kế toán',
  ],
  college: [
    'Khoa Sư phạm',
    'Khoa Kinh tế',
    'Khoa Công nghệ thông tin',
    'Khoa Ngoại ngữ',
    'Khoa Cơ bản',
    'Phòng Đào tạo',
    'Phòng Tổ chức - Hành chính',
    'Phòng Công tác học sinh, sinh viên',
  ],
  agency: [
    'Văn phòng',
    'Phòng Tổ chức cán bộ',
    'Phòng Kế hoạch - Tài chính',
    'Phòng Pháp chế',
    'Thanh tra',
    'Phòng Nghiệp vụ',
  ],
  police: [
    'Phòng Tham mưu',
    'Phòng Cảnh sát hình sự',
    'Phòng Cảnh sát giao thông',
    'Phòng An ninh chính trị nội bộ',
    'Phòng Cảnh sát phòng cháy, chữa cháy',
    'Phòng Hậu cần',
    'Phòng Cảnh sát quản lý hành chính về trật tự xã hội',
  ],
  military: [
    'Ban Tham mưu',
    'Ban Chính trị',
    'Ban Hậu cần - Kỹ thuật',
    'Đại đội Bộ binh 1',
    'Đại đội Trinh sát',
    'Trung đội Thông tin',
    'Đại đội Công binh',
  ],
  company: [
    'Phòng Kỹ thuật',
    'Phòng Kinh doanh',
    'Phòng Tổ chức - Hành chính',
    'Phòng Tài chính - Kế toán',
    'Phân xưởng Sản xuất',
    'Đội Vận hành',
    'Đội Quản lý khách hàng',
  ],
  village: [],
  school: [],
  health: [],
};
const provinceCells = [
  'Sở Tư pháp',
  'Thanh tra tỉnh',
  'Hội Nông dân tỉnh',
  'Hội Liên hiệp Phụ nữ tỉnh',
  'Liên đoàn Lao động tỉnh',
  'Hội Cựu chiến binh tỉnh',
  'Sở Văn hóa, Thể thao và Du lịch',
  'Sở Dân tộc và Tôn giáo',
  'Sở Khoa học và Công nghệ',
  'Ban Quản lý các khu công nghiệp',
  'Liên minh Hợp tác xã tỉnh',
  'Thư viện tỉnh',
  'Bảo tàng tỉnh',
  'Trung tâm Kiểm soát bệnh tật tỉnh',
];
const typeWords: Record<string, string> = {
  DBX: 'Đảng bộ xã',
  CBTT: 'Chi bộ trực thuộc',
  CBCS: 'Chi bộ cơ sở',
  DBCS: 'Đảng bộ cơ sở',
};

/** Builds the organization tree of one province: few enough rows (≈ members / 30) to keep in memory. */
export function planOrganizations(
  rng: Random,
  geo: Geography,
  options: OrganizationPlanOptions,
): OrganizationPlan {
  const { memberCount, defectRate } = options;
  const organizations: PlannedOrganization[] = [];
  let nextCode = rng.int(1000, 3_000_000);
  const missingBase = 9_000_000 + rng.int(0, 900_000);
  let missingCounter = 0;
  const newCode = (): string => `TC${String(nextCode++).padStart(7, '0')}`;
  const founded = (from: number, to: number): string =>
    formatDate(randomDateBetween(rng, { y: from, m: 1, d: 1 }, { y: to, m: 12, d: 28 }), 'dd/mm/yyyy');

  const add = (
    fields: Omit<LegacyOrganizationRow, 'MA_TO_CHUC'>,
    extra: Partial<PlannedOrganization> & { profile: CellProfile },
  ): PlannedOrganization => {
    const org: PlannedOrganization = {
      row: { MA_TO_CHUC: newCode(), ...fields },
      type: fields.LOAI_TO_CHUC,
      isCell: fields.LOAI_TO_CHUC === 'CBTT' || fields.LOAI_TO_CHUC === 'CBCS',
      memberCount: 0,
      commune: undefined,
      officialOnly: false,
      defects: [],
      ...extra,
    };
    organizations.push(org);
    return org;
  };
  const cellAdminCode = (commune: NewCommuneRef): string =>
    commune.oldCommunes.length > 0 && rng.chance(0.65)
      ? rng.pick(commune.oldCommunes).code
      : commune.commune.code;

  const { province } = geo;
  const root = add(
    {
      TEN_TO_CHUC: `Đảng bộ ${lowerFirst(province.type)} ${province.shortName}`,
      MA_TO_CHUC_CHA: '',
      LOAI_TO_CHUC: 'DBT',
      MA_DVHC: province.code,
      TRANG_THAI: 'Hoạt động',
      NGAY_THANH_LAP: founded(1930, 1960),
    },
    { profile: 'agency' },
  );

  // The abolished district level, still in the 3.0 data: dissolved, unless a defect keeps one active.
  const districtOrgs = geo.districts.map((district) =>
    add(
      {
        TEN_TO_CHUC: `Đảng bộ ${lowerFirst(district.name)}`,
        MA_TO_CHUC_CHA: root.row.MA_TO_CHUC,
        LOAI_TO_CHUC: 'DBH',
        MA_DVHC: district.code,
        TRANG_THAI: 'Giải thể',
        NGAY_THANH_LAP: founded(1945, 1990),
      },
      { profile: 'agency' },
    ),
  );

  const communeMembers = memberCount * SHARE_COMMUNES;
  const dbxCount = Math.min(geo.communes.length, Math.max(3, Math.round(communeMembers / 130)));
  const chosenCommunes = shuffle(
    rng,
    geo.communes.map((_, i) => i),
  )
    .slice(0, dbxCount)
    .sort((a, b) => a - b)
    .map((i) => geo.communes[i] as NewCommuneRef);
  const cellWeights = new Map<PlannedOrganization, number>();
  const dbxOrgs: PlannedOrganization[] = [];

  for (const commune of chosenCommunes) {
    const c = commune.commune;
    const dbx = add(
      {
        TEN_TO_CHUC: `Đảng bộ ${lowerFirst(c.name)}`,
        MA_TO_CHUC_CHA: root.row.MA_TO_CHUC,
        LOAI_TO_CHUC: 'DBX',
        MA_DVHC: c.code,
        TRANG_THAI: 'Hoạt động',
        NGAY_THANH_LAP: '01/07/2025',
      },
      { profile: 'agency', commune },
    );
    dbxOrgs.push(dbx);
    const members = (communeMembers / dbxCount) * (0.6 + rng.next() * 0.8);
    const cellCount = Math.max(2, Math.round(members / MEMBERS_PER_CELL));
    const institutions: [string, CellProfile][] = shuffle(rng, [
      [`Trường Trung học cơ sở ${c.shortName}`, 'school'],
      [`Trường Tiểu học ${c.shortName}`, 'school'],
      [`Trường Mầm non ${c.shortName}`, 'school'],
      [`Trạm Y tế ${c.shortName}`, 'health'],
      ['Công an', 'police'],
      ['Quân sự', 'military'],
      ['Cơ quan Ủy ban nhân dân', 'agency'],
    ]);
    const institutionCount =
      cellCount >= 3 ? Math.min(institutions.length, Math.max(1, Math.round(cellCount * 0.3))) : 0;
    const villages = villageNamer(rng, geo.region, c.type);
    for (let i = 0; i < cellCount; i++) {
      const institution = i < institutionCount ? institutions[i] : undefined;
      const cell = add(
        {
          TEN_TO_CHUC: `Chi bộ ${institution ? institution[0] : villages()}`,
          MA_TO_CHUC_CHA: dbx.row.MA_TO_CHUC,
          LOAI_TO_CHUC: 'CBTT',
          MA_DVHC: cellAdminCode(commune),
          TRANG_THAI: 'Hoạt động',
          NGAY_THANH_LAP: founded(1955, 2024),
        },
        { profile: institution ? institution[1] : 'village', commune },
      );
      cellWeights.set(cell, (institution ? 0.6 : 1.1) * (0.5 + rng.next()));
    }
  }

  // Đảng bộ cơ sở (hospitals, schools, companies…) with their chi bộ trực thuộc.
  const institutionMembers = memberCount * SHARE_INSTITUTIONS;
  const dbcsCount = Math.max(1, Math.round(institutionMembers / 300));
  const dbcsNames = institutionNames(rng, geo, dbcsCount);
  const nonCellCodes: string[] = dbxOrgs.map((o) => o.row.MA_TO_CHUC);
  for (const template of dbcsNames) {
    const commune = rng.pick(geo.communes);
    const dbcs = add(
      {
        TEN_TO_CHUC: `Đảng bộ ${template.name}`,
        MA_TO_CHUC_CHA: root.row.MA_TO_CHUC,
        LOAI_TO_CHUC: 'DBCS',
        MA_DVHC: cellAdminCode(commune),
        TRANG_THAI: 'Hoạt động',
        NGAY_THANH_LAP: founded(1950, 2015),
      },
      { profile: template.profile },
    );
    nonCellCodes.push(dbcs.row.MA_TO_CHUC);
    const members = (institutionMembers / dbcsCount) * (0.5 + rng.next());
    const cellCount = Math.max(3, Math.round(members / MEMBERS_PER_CELL));
    const names = departmentNamer(template.profile);
    const withSection = cellCount >= 8 && rng.chance(0.5);
    let parent = dbcs;
    for (let i = 0; i < cellCount; i++) {
      if (withSection && i === cellCount - 3) {
        parent = add(
          {
            TEN_TO_CHUC: `Đảng bộ bộ phận ${rng.pick(['Khối Dự án', 'Khối Sản xuất', 'Khối Nghiệp vụ', 'Khối Hỗ trợ'])}`,
            MA_TO_CHUC_CHA: dbcs.row.MA_TO_CHUC,
            LOAI_TO_CHUC: 'DBBP',
            MA_DVHC: dbcs.row.MA_DVHC,
            TRANG_THAI: 'Hoạt động',
            NGAY_THANH_LAP: founded(1990, 2023),
          },
          { profile: template.profile },
        );
        nonCellCodes.push(parent.row.MA_TO_CHUC);
      }
      const cell = add(
        {
          TEN_TO_CHUC: `Chi bộ ${names()}`,
          MA_TO_CHUC_CHA: parent.row.MA_TO_CHUC,
          LOAI_TO_CHUC: 'CBTT',
          MA_DVHC: dbcs.row.MA_DVHC,
          TRANG_THAI: 'Hoạt động',
          NGAY_THANH_LAP: founded(1960, 2024),
        },
        { profile: template.profile },
      );
      cellWeights.set(cell, 0.8 * (0.5 + rng.next()));
    }
  }

  // Chi bộ cơ sở directly under the province committee.
  const cbcsCount = Math.max(2, Math.round((memberCount * (1 - SHARE_COMMUNES - SHARE_INSTITUTIONS)) / 25));
  const cbcsNames = uniqueNames(
    rng,
    provinceCells,
    geo.districts.map((d) => `Trường Trung học phổ thông ${stripType(d.name, d.type)}`),
    cbcsCount,
  );
  for (const name of cbcsNames) {
    const cell = add(
      {
        TEN_TO_CHUC: `Chi bộ ${name}`,
        MA_TO_CHUC_CHA: root.row.MA_TO_CHUC,
        LOAI_TO_CHUC: 'CBCS',
        MA_DVHC: cellAdminCode(rng.pick(geo.communes)),
        TRANG_THAI: 'Hoạt động',
        NGAY_THANH_LAP: founded(1960, 2020),
      },
      { profile: name.startsWith('Trường') ? 'school' : 'agency' },
    );
    cellWeights.set(cell, 0.8 * (0.5 + rng.next()));
  }

  // A merged chi bộ that legitimately has no members left.
  const someDbx = rng.pick(dbxOrgs);
  add(
    {
      TEN_TO_CHUC: 'Chi bộ Thôn Cũ',
      MA_TO_CHUC_CHA: someDbx.row.MA_TO_CHUC,
      LOAI_TO_CHUC: 'CBTT',
      MA_DVHC: someDbx.row.MA_DVHC,
      TRANG_THAI: 'Sáp nhập',
      NGAY_THANH_LAP: founded(1970, 2000),
    },
    { profile: 'village', commune: someDbx.commune },
  );

  const defectCounts: Partial<Record<OrganizationDefect, number>> = {};
  const extraRowsAfter = new Map<PlannedOrganization, LegacyOrganizationRow>();
  const mark = (org: PlannedOrganization, defect: OrganizationDefect): void => {
    org.defects.push(defect);
    defectCounts[defect] = (defectCounts[defect] ?? 0) + 1;
  };
  const allCells = (): PlannedOrganization[] => [...cellWeights.keys()].filter((o) => o.defects.length === 0);
  const scale = defectRate > 0 ? Math.max(1, Math.round((defectRate / 0.25) * (cellWeights.size / 300))) : 0;

  for (let k = 0; k < scale; k++) {
    // An active DBH after 1 July 2025, with some DBX still attached to it.
    const dbh = districtOrgs.find((o) => o.defects.length === 0);
    if (dbh) {
      dbh.row.TRANG_THAI = 'Hoạt động';
      mark(dbh, 'ORG_OBSOLETE_LEVEL');
      for (const dbx of shuffle(
        rng,
        dbxOrgs.filter((o) => o.row.MA_TO_CHUC_CHA === root.row.MA_TO_CHUC),
      ).slice(0, 2)) {
        dbx.row.MA_TO_CHUC_CHA = dbh.row.MA_TO_CHUC;
      }
    }
    const cellsUnderDbcs = allCells().filter((o) => o.profile !== 'village' && o.commune === undefined);
    const [a, b] = shuffle(
      rng,
      cellsUnderDbcs.filter((o) => o.row.MA_TO_CHUC_CHA === cellsUnderDbcs[0]?.row.MA_TO_CHUC_CHA),
    );
    if (a && b) {
      a.row.MA_TO_CHUC_CHA = b.row.MA_TO_CHUC;
      b.row.MA_TO_CHUC_CHA = a.row.MA_TO_CHUC;
      mark(a, 'ORG_HIERARCHY_CYCLE');
      mark(b, 'ORG_HIERARCHY_CYCLE');
    }
    const orphan = rng.pick(allCells());
    orphan.row.MA_TO_CHUC_CHA = `TC${missingBase + missingCounter++}`;
    mark(orphan, 'ORG_PARENT_MISSING');

    const badType = rng.pick(allCells());
    badType.row.LOAI_TO_CHUC = rng.pick(['Tổ đảng', 'CB', 'Khác']);
    mark(badType, 'ORG_TYPE_INVALID');

    const misplaced = rng.pick(allCells().filter((o) => o.row.LOAI_TO_CHUC === 'CBTT'));
    misplaced.row.MA_TO_CHUC_CHA = root.row.MA_TO_CHUC;
    mark(misplaced, 'ORG_TYPE_PARENT_MISMATCH');

    const duplicated = rng.pick(allCells());
    mark(duplicated, 'ORG_CODE_DUPLICATE');
    extraRowsAfter.set(
      duplicated,
      rng.chance(0.6)
        ? { ...duplicated.row }
        : { ...duplicated.row, TEN_TO_CHUC: `${duplicated.row.TEN_TO_CHUC} (cũ)`, TRANG_THAI: 'Hoạt động' },
    );

    for (let i = 0; i < 2; i++) {
      const org = rng.pick(allCells());
      org.row.TEN_TO_CHUC = nonstandardName(rng, org.row.TEN_TO_CHUC);
      mark(org, 'ORG_NAME_NONSTANDARD');
    }
    const encoded = rng.pick(organizations.filter((o) => o.defects.length === 0 && o !== root));
    const legacyName =
      encodeLegacy(encoded.row.TEN_TO_CHUC, rng.chance(0.5) ? 'tcvn3' : 'vni') ??
      encodeLegacy(encoded.row.TEN_TO_CHUC, 'vni');
    if (legacyName !== undefined) {
      encoded.row.TEN_TO_CHUC = legacyName;
      mark(encoded, 'TEXT_LEGACY_ENCODING');
    }

    const dissolved = rng.pick(allCells());
    dissolved.row.TRANG_THAI = rng.pick(['Giải thể', 'Sáp nhập']);
    mark(dissolved, 'ORG_DISSOLVED_HAS_MEMBERS');

    const small = rng.pick(allCells().filter((o) => o.row.LOAI_TO_CHUC === 'CBTT'));
    small.memberCount = 2;
    small.officialOnly = true;
    cellWeights.delete(small);
    mark(small, 'ORG_TOO_FEW_MEMBERS');

    const host = rng.pick(dbxOrgs);
    const empty = add(
      {
        TEN_TO_CHUC: `Chi bộ Điểm dân cư mới ${k + 1}`,
        MA_TO_CHUC_CHA: host.row.MA_TO_CHUC,
        LOAI_TO_CHUC: 'CBTT',
        MA_DVHC: host.row.MA_DVHC,
        TRANG_THAI: 'Hoạt động',
        NGAY_THANH_LAP: founded(2020, 2024),
      },
      { profile: 'village', commune: host.commune },
    );
    mark(empty, 'ORG_EMPTY');
  }

  // Legacy files also write the type in words; the importer maps them to the same codes (not a defect).
  for (const org of organizations) {
    const words = typeWords[org.row.LOAI_TO_CHUC];
    if (words && rng.chance(0.06)) org.row.LOAI_TO_CHUC = words;
  }

  distributeMembers(rng, organizations, cellWeights, memberCount);

  const rows: LegacyOrganizationRow[] = [];
  for (const org of organizations) {
    rows.push(org.row);
    const extra = extraRowsAfter.get(org);
    if (extra) rows.push(extra);
  }
  return {
    rows,
    organizations,
    cells: organizations.filter((o) => o.isCell),
    missingCode: () => `TC${missingBase + missingCounter++}`,
    nonCellCodes,
    defectCounts,
  };
}

/** Splits the members that are not fixed by a defect over the weighted cells (largest remainder). */
function distributeMembers(
  rng: Random,
  organizations: PlannedOrganization[],
  weights: Map<PlannedOrganization, number>,
  memberCount: number,
): void {
  const fixed = organizations.reduce((sum, o) => sum + o.memberCount, 0);
  let remaining = Math.max(0, memberCount - fixed);
  if (fixed > memberCount) {
    // Tiny packages: drop the fixed sizes rather than exceed the requested count.
    for (const o of organizations) o.memberCount = 0;
    remaining = memberCount;
  }
  const cells = [...weights.keys()];
  const total = cells.reduce((sum, c) => sum + (weights.get(c) ?? 0), 0);
  const remainders: [PlannedOrganization, number][] = [];
  let assigned = 0;
  for (const cell of cells) {
    const exact = (remaining * (weights.get(cell) ?? 0)) / total;
    cell.memberCount = Math.floor(exact);
    assigned += cell.memberCount;
    remainders.push([cell, exact - cell.memberCount + rng.next() * 1e-9]);
  }
  remainders.sort((a, b) => b[1] - a[1]);
  for (let i = 0; assigned < remaining; i++, assigned++) {
    const entry = remainders[i % remainders.length];
    if (entry) entry[0].memberCount++;
  }
}

function shuffle<T>(rng: Random, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function villageNamer(rng: Random, region: Geography['region'], communeType: string): () => string {
  const urban = communeType === 'Phường';
  const named = shuffle(rng, region === 'highlands' ? villageNames.buon : villageNames.ban);
  let number = 0;
  const numbered = urban
    ? region === 'south'
      ? 'Khu phố'
      : 'Tổ dân phố'
    : region === 'south'
      ? 'Ấp'
      : region === 'north-delta' && rng.chance(0.3)
        ? 'Xóm'
        : 'Thôn';
  return () => {
    if (
      !urban &&
      (region === 'north-upland' || region === 'highlands') &&
      named.length > 0 &&
      rng.chance(0.35)
    ) {
      return `${region === 'highlands' ? 'Buôn' : 'Bản'} ${named.pop() as string}`;
    }
    number++;
    return `${numbered} ${number}`;
  };
}

function departmentNamer(profile: CellProfile): () => string {
  const names = departments[profile];
  let i = 0;
  return () => {
    const name = names[i] ?? `Tổ công tác số ${i - names.length + 1}`;
    i++;
    return name;
  };
}

function institutionNames(rng: Random, geo: Geography, count: number): InstitutionTemplate[] {
  const short = geo.province.shortName;
  const pool: InstitutionTemplate[] = provinceInstitutions.map((t) =>
    t.profile === 'company' ? { ...t, name: `${t.name} ${short}` } : t,
  );
  for (const district of geo.districts) {
    const place = stripType(district.name, district.type);
    for (const t of districtInstitutions) pool.push({ ...t, name: `${t.name} ${place}` });
  }
  const shuffled = shuffle(rng, pool);
  const out: InstitutionTemplate[] = [];
  for (let i = 0; i < count; i++) {
    const base = shuffled[i % shuffled.length] as InstitutionTemplate;
    const round = Math.floor(i / shuffled.length);
    out.push(round === 0 ? base : { ...base, name: `${base.name} số ${round + 1}` });
  }
  return out;
}

function uniqueNames(rng: Random, first: string[], second: string[], count: number): string[] {
  const pool = [...shuffle(rng, first), ...shuffle(rng, second)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = pool[i % pool.length] as string;
    const round = Math.floor(i / pool.length);
    out.push(round === 0 ? base : `${base} số ${round + 1}`);
  }
  return out;
}

function nonstandardName(rng: Random, name: string): string {
  switch (rng.int(0, 3)) {
    case 0:
      return name.replace(/^Chi bộ /, 'CB ').replace(/^Đảng bộ /, 'ĐB ');
    case 1:
      return name.replace(' ', '  ');
    case 2:
      return lowerFirst(name);
    default:
      return `${name} `;
  }
}

import type { CodeLists, Commune, Province } from '../codes/code-lists.ts';
import { checkCitizenIdStructure, normalizeCitizenId } from '../members/citizen-id.ts';
import { parseLegacyDate } from '../members/partial-date.ts';
import { normalizePhone } from '../members/phone.ts';
import { foldForSearch } from '../text/fold.ts';
import { hasInvalidNameChars } from '../text/has-invalid-name-chars.ts';
import { normalizeFreeText } from '../text/normalize-free-text.ts';
import { normalizePersonName } from '../text/normalize-person-name.ts';
import { parseRights } from './parse-rights.ts';

/** The columns of Phụ lục 01 (Plan 291-KH/BTCTW), in order, with the header as the form prints it. */
export const FORM_COLUMNS = [
  { key: 'stt', header: 'STT' },
  { key: 'province', header: 'Tỉnh/thành phố' },
  { key: 'commune', header: 'Xã/phường' },
  { key: 'fullName', header: 'Họ và tên' },
  { key: 'birthDate', header: 'Ngày sinh' },
  { key: 'citizenId', header: 'Số CCCD' },
  { key: 'phone', header: 'Số điện thoại' },
  { key: 'position', header: 'Vị trí công tác' },
  { key: 'unit', header: 'Đơn vị công tác' },
  { key: 'rights', header: 'Quyền khai thác, sử dụng hệ thống' },
] as const;

export type FormColumnKey = (typeof FORM_COLUMNS)[number]['key'];
export type FormRowCells = Record<FormColumnKey, string>;

export const headerOf = (key: FormColumnKey) => FORM_COLUMNS.find((c) => c.key === key)!.header;

/** Which column a header cell is ("Họ và tên (Theo thông tin của người yêu cầu)" → fullName). */
export function matchFormHeader(text: string): FormColumnKey | undefined {
  const folded = foldForSearch(text.split('(')[0] ?? '').replace(/\s*\/\s*/g, '/');
  return FORM_COLUMNS.find((c) => foldForSearch(c.header).replace(/\s*\/\s*/g, '/') === folded)?.key;
}

export interface CleanFormRow {
  fullName: string;
  birthDate: string; // yyyy-mm-dd
  citizenId: string;
  phone: string | null;
  position: string | null;
  unitName: string;
  provinceCode: string;
  communeCode: string | null;
  roles: number[];
}

export interface FormRowError {
  row: number;
  column: string;
  message: string;
}

export type FormLists = Pick<CodeLists, 'provinces' | 'communes' | 'citizenIdProvinces' | 'phonePrefixes'>;

const strip = (s: string) => foldForSearch(s).replace(/^(tinh|thanh pho|tp\.?)\s+/, '');
const stripCommune = (s: string) => foldForSearch(s).replace(/^(xa|phuong|dac khu|thi tran)\s+/, '');

export function findProvince(lists: FormLists, raw: string): Province | undefined {
  const text = raw.trim();
  if (/^\d{1,2}$/.test(text)) return lists.provinces.find((p) => p.code === text.padStart(2, '0'));
  const key = strip(text);
  return lists.provinces.find((p) => strip(p.name) === key || foldForSearch(p.shortName) === key);
}

/** A commune of the province by code or name; a bare name ("Ba Đình") matches any type of unit. */
export function findCommunes(lists: FormLists, provinceCode: string, raw: string): Commune[] {
  const text = raw.trim();
  const inProvince = lists.communes.filter((c) => c.provinceCode === provinceCode);
  if (/^\d{4,5}$/.test(text)) return inProvince.filter((c) => c.code === text.padStart(5, '0'));
  const full = foldForSearch(text);
  const exact = inProvince.filter((c) => foldForSearch(c.name) === full);
  if (exact.length) return exact;
  const key = stripCommune(text);
  return inProvince.filter((c) => foldForSearch(c.shortName) === key || stripCommune(c.name) === key);
}

/**
 * Validates one row of a filled Phụ lục 01 form and cleans it: the name like a member's name, the birth
 * date (a whole day), the 12-digit CCCD consistent with the birth year (digit 4 = century and sex,
 * digits 5–6 = year), the phone number, the province and commune against the post-2025 lists, the rights
 * 1–5. Returns every problem of the row at once, each in Vietnamese with its column. The unit
 * (organization) is resolved by the caller against the database.
 */
export function validateFormRow(
  row: number,
  cells: FormRowCells,
  lists: FormLists,
  today: { year: number },
): { ok: true; value: CleanFormRow } | { ok: false; errors: FormRowError[] } {
  const errors: FormRowError[] = [];
  const fail = (key: FormColumnKey, message: string) => errors.push({ row, column: headerOf(key), message });

  const name = normalizePersonName(cells.fullName);
  if (name.value === '') fail('fullName', 'Chưa có họ và tên.');
  else if (hasInvalidNameChars(name.value))
    fail('fullName', `Họ và tên "${name.value}" có chữ số hoặc ký tự không hợp lệ.`);
  else if (name.value.split(' ').length < 2) fail('fullName', 'Họ và tên phải có ít nhất họ và tên gọi.');

  const date = parseLegacyDate(cells.birthDate, { allowExcelSerial: true });
  let birthDate = '';
  let birthYear: number | null = null;
  if (!date.ok) {
    fail(
      'birthDate',
      date.reason === 'empty'
        ? 'Chưa có ngày sinh.'
        : `Ngày sinh "${cells.birthDate}" không hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1985).`,
    );
  } else if (date.date.day === undefined) {
    fail('birthDate', 'Ngày sinh phải đủ ngày, tháng, năm (ví dụ 05/03/1985).');
  } else {
    birthYear = date.date.year;
    const age = today.year - birthYear;
    if (age < 18 || age > 80)
      fail('birthDate', `Ngày sinh ${cells.birthDate} cho tuổi ${age}, ngoài khoảng 18–80.`);
    birthDate = date.iso;
  }

  // Spreadsheets drop the leading zeros of a CCCD typed as a number (001… → 1…): put them back.
  const idText = /^\d{10,11}$/.test(cells.citizenId.trim())
    ? cells.citizenId.trim().padStart(12, '0')
    : cells.citizenId;
  const citizenId = normalizeCitizenId(idText);
  if (citizenId.digits === '') fail('citizenId', 'Chưa có số CCCD.');
  else if (citizenId.kind !== '12')
    fail('citizenId', `Số CCCD "${cells.citizenId}" phải gồm đúng 12 chữ số.`);
  else {
    const broken = checkCitizenIdStructure(citizenId.digits, { birthYear }, lists);
    if (broken.includes('CITIZEN_ID_PROVINCE'))
      fail(
        'citizenId',
        `Ba chữ số đầu của số CCCD (${citizenId.digits.slice(0, 3)}) không phải mã tỉnh nơi đăng ký khai sinh.`,
      );
    if (broken.includes('CITIZEN_ID_GENDER_CENTURY'))
      fail(
        'citizenId',
        `Chữ số thứ 4 của số CCCD (mã thế kỷ và giới tính) không khớp năm sinh ${birthYear}.`,
      );
    if (broken.includes('CITIZEN_ID_BIRTH_YEAR'))
      fail(
        'citizenId',
        `Chữ số thứ 5–6 của số CCCD (${citizenId.digits.slice(4, 6)}) không khớp năm sinh ${birthYear}.`,
      );
  }

  let phone: string | null = null;
  if (cells.phone.trim() !== '') {
    // A phone number typed as a number loses its leading 0 (912345678).
    const phoneText = /^[1-9]\d{8}$/.test(cells.phone.trim()) ? `0${cells.phone.trim()}` : cells.phone;
    const normalized = normalizePhone(phoneText, lists);
    if (!normalized.valid) fail('phone', `Số điện thoại "${cells.phone}" không hợp lệ.`);
    else phone = normalized.value;
  }

  const province = cells.province.trim() === '' ? undefined : findProvince(lists, cells.province);
  let communeCode: string | null = null;
  if (cells.province.trim() === '') fail('province', 'Chưa có tỉnh/thành phố.');
  else if (!province)
    fail('province', `Không có tỉnh/thành phố "${cells.province}" trong danh mục sau 01/7/2025.`);
  else if (cells.commune.trim() !== '') {
    const communes = findCommunes(lists, province.code, cells.commune);
    if (communes.length === 0)
      fail(
        'commune',
        `Không có xã/phường "${cells.commune}" thuộc ${province.name} trong danh mục sau 01/7/2025.`,
      );
    else if (communes.length > 1)
      fail(
        'commune',
        `"${cells.commune}" ứng với nhiều đơn vị: ${communes.map((c) => c.name).join(', ')}. Ghi rõ xã hay phường.`,
      );
    else communeCode = communes[0]!.code;
  }

  const unitName = normalizeFreeText(cells.unit).value;
  if (unitName === '') fail('unit', 'Chưa có đơn vị công tác.');

  const rights = parseRights(cells.rights);
  if (!rights.ok) fail('rights', rights.message);

  if (errors.length > 0 || !province || !rights.ok) return { ok: false, errors };
  const position = normalizeFreeText(cells.position).value;
  return {
    ok: true,
    value: {
      fullName: name.value,
      birthDate,
      citizenId: citizenId.digits,
      phone,
      position: position === '' ? null : position,
      unitName,
      provinceCode: province.code,
      communeCode,
      roles: rights.roles,
    },
  };
}

export interface OrganizationCandidate {
  id: number;
  name: string;
  path: string;
  adminUnitCode: string | null;
  /** Names of the ancestors, top first, to tell candidates apart. */
  ancestorNames: string[];
}

/**
 * The organization a row names, among the candidates whose name folds to the unit's: one → it; several →
 * those tied to the row's commune (admin unit code on the organization or an ancestor); still several →
 * ambiguous, listed so the form can be corrected.
 */
export function chooseOrganization(
  candidates: OrganizationCandidate[],
  communeCode: string | null,
  ancestorAdminUnits: (candidate: OrganizationCandidate) => Array<string | null>,
):
  | { kind: 'found'; org: OrganizationCandidate }
  | { kind: 'none' }
  | { kind: 'ambiguous'; candidates: OrganizationCandidate[] } {
  if (candidates.length === 0) return { kind: 'none' };
  if (candidates.length === 1) return { kind: 'found', org: candidates[0]! };
  if (communeCode) {
    const inCommune = candidates.filter(
      (c) => c.adminUnitCode === communeCode || ancestorAdminUnits(c).includes(communeCode),
    );
    if (inCommune.length === 1) return { kind: 'found', org: inCommune[0]! };
    if (inCommune.length > 1) return { kind: 'ambiguous', candidates: inCommune };
  }
  return { kind: 'ambiguous', candidates };
}

export const describeCandidate = (c: OrganizationCandidate) =>
  [...c.ancestorNames.slice(-2), c.name].join(' › ') + ` (mã ${c.id})`;

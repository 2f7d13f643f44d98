import { codeKey, tidy, type CodeMatch } from './code-match.ts';

/** LOAI_TO_CHUC codes of spec/legacy-v3-export.md. */
export type OrganizationType = 'DBT' | 'DUTW' | 'DBH' | 'DBX' | 'DBCS' | 'CBCS' | 'DBBP' | 'CBTT';

export const organizationTypes: readonly OrganizationType[] = [
  'DBT',
  'DUTW',
  'DBH',
  'DBX',
  'DBCS',
  'CBCS',
  'DBBP',
  'CBTT',
];

// The same types written as words (folded). "Đảng bộ thành phố" alone is left out on purpose: it
// is a centrally-run city (DBT) or a provincial city (DBH), and guessing would misplace the level.
const TYPE_WORDS = new Map<string, OrganizationType>([
  ['dang bo tinh', 'DBT'],
  ['dang bo tinh thanh pho', 'DBT'],
  ['dang bo thanh pho truc thuoc trung uong', 'DBT'],
  ['dang bo thanh pho truc thuoc tw', 'DBT'],
  ['dang uy truc thuoc trung uong', 'DUTW'],
  ['dang uy truc thuoc tw', 'DUTW'],
  ['dang bo truc thuoc trung uong', 'DUTW'],
  ['dang bo huyen', 'DBH'],
  ['dang bo quan', 'DBH'],
  ['dang bo thi xa', 'DBH'],
  ['dang bo thanh pho thuoc tinh', 'DBH'],
  ['dang bo huyen quan thi xa thanh pho thuoc tinh', 'DBH'],
  ['dang bo cap huyen', 'DBH'],
  ['dang bo xa', 'DBX'],
  ['dang bo phuong', 'DBX'],
  ['dang bo thi tran', 'DBX'],
  ['dang bo dac khu', 'DBX'],
  ['dang bo xa phuong', 'DBX'],
  ['dang bo xa phuong dac khu', 'DBX'],
  ['dang bo cap xa', 'DBX'],
  ['dang bo co so', 'DBCS'],
  ['chi bo co so', 'CBCS'],
  ['dang bo bo phan', 'DBBP'],
  ['chi bo truc thuoc', 'CBTT'],
  ['chi bo truc thuoc dang uy co so', 'CBTT'],
  ['chi bo truc thuoc dang bo co so', 'CBTT'],
  ['chi bo truc thuoc dang bo bo phan', 'CBTT'],
]);

/**
 * A type code in any case ("cbcs"), or the type in words ("Chi bộ cơ sở", "Đảng bộ xã"). Other
 * spellings of a code ("CB-TT") and unknown kinds ("Tổ đảng") are ORG_TYPE_INVALID and stay as
 * found, as in the samples' truth.
 */
export function parseOrganizationType(raw: string | null | undefined): CodeMatch<OrganizationType> {
  const text = tidy(raw);
  if (text === '') return { ok: false, reason: 'empty' };
  const upper = text.toUpperCase();
  const code = organizationTypes.find((t) => t === upper);
  if (code) return { ok: true, value: code, exact: text === code };
  const value = TYPE_WORDS.get(codeKey(text));
  return value ? { ok: true, value, exact: false } : { ok: false, reason: 'unrecognized' };
}

export type OrganizationStatus = 'HOAT_DONG' | 'GIAI_THE' | 'SAP_NHAP';

const STATUS_WORDS = new Map<string, OrganizationStatus>([
  ['hoat dong', 'HOAT_DONG'],
  ['dang hoat dong', 'HOAT_DONG'],
  ['giai the', 'GIAI_THE'],
  ['da giai the', 'GIAI_THE'],
  ['sap nhap', 'SAP_NHAP'],
  ['da sap nhap', 'SAP_NHAP'],
  ['hop nhat', 'SAP_NHAP'],
  ['da hop nhat', 'SAP_NHAP'],
]);

/** TRANG_THAI of an organization: Hoạt động / Giải thể / Sáp nhập, in any case or diacritics, or the code. */
export function parseOrganizationStatus(raw: string | null | undefined): CodeMatch<OrganizationStatus> {
  const text = tidy(raw);
  if (text === '') return { ok: false, reason: 'empty' };
  const value = STATUS_WORDS.get(codeKey(text));
  return value ? { ok: true, value, exact: text === value } : { ok: false, reason: 'unrecognized' };
}

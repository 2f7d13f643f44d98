import { hasInvalidNameChars } from '../../text/has-invalid-name-chars.ts';
import { normalizeFreeText } from '../../text/normalize-free-text.ts';
import { nameContext, normalizePersonNameInRecord } from '../../text/normalize-person-name-in-record.ts';
import { normalizeWhitespace } from '../../text/normalize-whitespace.ts';
import { finding, type Finding } from '../finding.ts';
import type { MemberRecord, OrganizationRecord } from '../record.ts';

/** Free-text member columns that get the TEXT_* fixes (legacy fonts, NFC, spacing). */
export const MEMBER_FREE_TEXT_COLUMNS = [
  'TEN_GOI_KHAC',
  'NOI_SINH',
  'QUE_QUAN',
  'THUONG_TRU',
  'CHUYEN_MON',
  'NGHE_NGHIEP',
] as const;

/** TEXT_* on free text, NAME_CASE / NAME_INVALID_CHARS on the full name, TEXT_WHITESPACE on the email. */
export function checkMemberText(record: MemberRecord): Finding[] {
  const out: Finding[] = [];
  const id = record.legacyId;
  const name = record.raw.HO_TEN ?? '';
  if (name.trim() !== '') {
    const normalized = normalizePersonNameInRecord(name, nameContext(record.raw));
    for (const step of normalized.steps) {
      out.push(finding('member', id, step, { field: 'HO_TEN', value: name, suggested: normalized.value }));
    }
    if (hasInvalidNameChars(normalized.value)) {
      out.push(finding('member', id, 'NAME_INVALID_CHARS', { field: 'HO_TEN', value: name }));
    }
  }
  for (const column of MEMBER_FREE_TEXT_COLUMNS) {
    const raw = record.raw[column] ?? '';
    if (raw === '') continue;
    const normalized = normalizeFreeText(raw);
    for (const step of normalized.steps) {
      out.push(finding('member', id, step, { field: column, value: raw, suggested: normalized.value }));
    }
  }
  const email = record.raw.EMAIL ?? '';
  if (email !== '' && normalizeWhitespace(email) !== email) {
    out.push(
      finding('member', id, 'TEXT_WHITESPACE', {
        field: 'EMAIL',
        value: email,
        suggested: normalizeWhitespace(email),
      }),
    );
  }
  return out;
}

/**
 * TEXT_LEGACY_ENCODING and TEXT_NOT_NFC on an organization name. Spacing, case and abbreviations are
 * ORG_NAME_NONSTANDARD (samples/README.md: whitespace in an organization name is ORG_NAME_NONSTANDARD,
 * TEXT_WHITESPACE there is optional), so TEXT_WHITESPACE is not reported on names.
 */
export function checkOrganizationText(record: OrganizationRecord): Finding[] {
  const raw = record.raw.TEN_TO_CHUC ?? '';
  return normalizeFreeText(raw)
    .steps.filter((step) => step !== 'TEXT_WHITESPACE')
    .map((step) =>
      finding('organization', record.legacyId, step, {
        field: 'TEN_TO_CHUC',
        value: raw,
        suggested: record.values.name,
      }),
    );
}

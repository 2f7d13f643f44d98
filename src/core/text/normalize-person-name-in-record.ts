import { decodeLegacyEncoding } from './decode-legacy-encoding.ts';
import { isVietnameseSyllable } from './is-vietnamese-syllable.ts';
import { normalizePersonName, type NameFixCode } from './normalize-person-name.ts';

const LATIN1_ACCENTED = /[\u0080-\u00ff]/;
const BEYOND_LATIN1 = /[\u0100-\uffff]/;
const SEPARATOR = ' | ';
/** Latin-1 letters with some accent and nothing beyond: the only names the record context may re-read. */
export const mayNeedContext = (raw: string): boolean => LATIN1_ACCENTED.test(raw) && !BEYOND_LATIN1.test(raw);

/**
 * A person's name cleaned with the rest of its record as context. A short VNI name can read as Vietnamese
 * both ways ("Phan Thò Nhung" is VNI for "Phan Thị Nhung"), so decoding the name alone leaves it; decoded
 * together with the record's other text (addresses, place of birth), typed in the same legacy font, it is
 * recognized. Only names made of Latin-1 letters with some accent are re-read this way: Unicode
 * Vietnamese almost always has a letter beyond U+00FF, and valid Vietnamese is never changed by the decoder.
 */
export function normalizePersonNameInRecord(
  raw: string,
  context: ReadonlyArray<string | undefined>,
): { value: string; steps: NameFixCode[] } {
  const alone = normalizePersonName(raw);
  if (alone.steps.includes('TEXT_LEGACY_ENCODING') || !mayNeedContext(raw) || raw.includes(SEPARATOR)) {
    return alone;
  }
  const others = context.filter((text): text is string => !!text && !text.includes(SEPARATOR));
  if (others.length === 0) return alone;
  const decoded = decodeLegacyEncoding([raw, ...others].join(SEPARATOR));
  const name = decoded.text.split(SEPARATOR)[0]!;
  if (
    decoded.encoding === null ||
    name === raw ||
    !name.split(/\s+/).every((w) => w === '' || isVietnameseSyllable(w))
  ) {
    return alone;
  }
  const cleaned = normalizePersonName(name);
  return {
    value: cleaned.value,
    steps: ['TEXT_LEGACY_ENCODING', ...cleaned.steps.filter((s) => s !== 'TEXT_LEGACY_ENCODING')],
  };
}

/** The other text of a legacy member row typed with the same font as the name. */
export const nameContext = (row: {
  QUE_QUAN?: string | undefined;
  THUONG_TRU?: string | undefined;
  NOI_SINH?: string | undefined;
}): Array<string | undefined> => [row.QUE_QUAN, row.THUONG_TRU, row.NOI_SINH];

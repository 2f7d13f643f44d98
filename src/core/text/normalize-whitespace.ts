// Spaces, tabs, line breaks, no-break spaces (U+00A0, U+202F) and the other Unicode spaces. The soft hyphen
// U+00AD is not among them: in TCVN3 text it is the letter "ư".
const SPACE_RUN = /[\s\u00a0\u202f]+/g;

export function normalizeWhitespace(text: string): string {
  return text.replace(SPACE_RUN, ' ').trim();
}

/** Leading, trailing or repeated spaces, or any space other than U+0020. */
export function hasWhitespaceDefect(text: string): boolean {
  return normalizeWhitespace(text) !== text;
}

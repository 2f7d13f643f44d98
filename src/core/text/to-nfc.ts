export function toNfc(text: string): string {
  return text.normalize('NFC');
}

/** False for decomposed text ("Nguye\u0302\u0303n"), which looks right but compares and sorts wrong. */
export function isNfc(text: string): boolean {
  return text.normalize('NFC') === text;
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Vietnamese alphabetical order (ă after a, đ after d…) for lists sorted in the browser. */
export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Lower case without tone marks or diacritics, for accent-insensitive matching ("Hải" ~ "hai"). */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A filterOption for AntD Select: every typed word must occur in the folded label. */
export function matchesFolded(input: string, label: string): boolean {
  const haystack = foldVietnamese(label);
  return foldVietnamese(input)
    .split(' ')
    .every((word) => haystack.includes(word));
}

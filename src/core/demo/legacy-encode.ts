import tcvn3Table from '../../../reference/legacy-encodings/tcvn3.json' with { type: 'json' };
import vniTable from '../../../reference/legacy-encodings/vni.json' with { type: 'json' };

export type LegacyEncoding = 'tcvn3' | 'vni';

/** Inverts a legacy → Unicode table (reference/legacy-encodings) into Unicode character → legacy bytes. */
function invert(table: Record<string, string>): Map<string, string> {
  const inverse = new Map<string, string>();
  // Prefer the longest legacy key for a character, as decoders try longest keys first.
  for (const [legacy, unicode] of Object.entries(table).sort(([a], [b]) => b.length - a.length)) {
    if (!inverse.has(unicode)) inverse.set(unicode, legacy);
  }
  return inverse;
}

const encoders: Record<LegacyEncoding, Map<string, string>> = {
  tcvn3: invert(tcvn3Table),
  vni: invert(vniTable),
};

/**
 * Writes Unicode text the way a 3.0 operator typing in a legacy font produced it (shown as Latin-1
 * characters). Returns undefined when the text holds a character the encoding cannot represent: TCVN3 (VN3)
 * has no capital toned letters, so "Ánh" or "Ửng" cannot be written in it.
 */
export function encodeLegacy(text: string, encoding: LegacyEncoding): string | undefined {
  const inverse = encoders[encoding];
  let out = '';
  for (const char of text.normalize('NFC')) {
    const legacy = inverse.get(char);
    if (legacy !== undefined) out += legacy;
    else if (char.charCodeAt(0) < 0x80) out += char;
    else return undefined;
  }
  return out;
}

import { useState } from 'react';
import { Input } from 'antd';
import type { Rule } from 'antd/es/form';
import { formatPartialDate, parsePartialDate } from '../lib/partial-date.ts';
import { VALIDATION } from '../i18n/vi.ts';

/** What a form field holds while the typed text is not a date yet; the validator rejects it. */
export interface InvalidPartialDate {
  invalidText: string;
  reason: 'format' | 'impossible' | 'future' | 'too-old';
}
export type PartialDateFieldValue = string | null | InvalidPartialDate;

export function isInvalidPartialDate(value: unknown): value is InvalidPartialDate {
  return typeof value === 'object' && value !== null && 'invalidText' in value;
}

interface Props {
  id?: string;
  value?: PartialDateFieldValue;
  onChange?: (value: PartialDateFieldValue) => void;
  disabled?: boolean;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
}

function textOf(value: PartialDateFieldValue | undefined): string {
  if (isInvalidPartialDate(value)) return value.invalidText;
  return formatPartialDate(value ?? null);
}

/**
 * A text input for dd/mm/yyyy, mm/yyyy or yyyy. The form value is the ISO partial date ("1975-04")
 * or null; until the text reads as a date it is an InvalidPartialDate that `partialDateRule` rejects.
 */
export function PartialDateInput({ id, value, onChange, disabled, ...aria }: Props) {
  const [text, setText] = useState(() => textOf(value));
  const [lastValue, setLastValue] = useState(value);

  // The form was reset or loaded from the server: show the new value (derived state, no effect needed).
  if (value !== lastValue) {
    setLastValue(value);
    if (!isInvalidPartialDate(value) && (value ?? null) !== readIso(text)) setText(textOf(value));
  }

  const emit = (next: PartialDateFieldValue) => {
    setLastValue(next);
    onChange?.(next);
  };

  return (
    <Input
      id={id}
      value={text}
      disabled={disabled}
      inputMode="numeric"
      autoComplete="off"
      placeholder="dd/mm/yyyy"
      maxLength={10}
      {...aria}
      onChange={(event) => {
        const nextText = event.target.value.replace(/[^\d/.-]/g, '');
        setText(nextText);
        const parsed = parsePartialDate(nextText);
        emit(parsed.ok ? parsed.iso : { invalidText: nextText, reason: parsed.reason });
      }}
      // Show the canonical form once the person leaves the field: 1/5/1975 → 01/05/1975.
      onBlur={() => {
        const parsed = parsePartialDate(text);
        if (parsed.ok) setText(formatPartialDate(parsed.iso));
      }}
    />
  );
}

function readIso(text: string): string | null | undefined {
  const parsed = parsePartialDate(text);
  return parsed.ok ? parsed.iso : undefined;
}

export const partialDateRule: Rule = {
  validator: async (_rule, value: unknown) => {
    if (!isInvalidPartialDate(value)) return;
    if (value.reason === 'future') throw new Error(VALIDATION.futureDate);
    throw new Error(VALIDATION.partialDate);
  },
};

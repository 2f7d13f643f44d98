import { isApiError } from '../../api/client.ts';
import { COMMON, DUPLICATES } from '../../i18n/vi.ts';

/** The message of a failed decision: the precise reason when the API names one, else its own message. */
export function errorText(error: unknown): string {
  if (!isApiError(error)) return COMMON.unexpectedError;
  const reason = error.details['reason'];
  return (typeof reason === 'string' ? DUPLICATES.reasons[reason] : undefined) ?? error.message;
}

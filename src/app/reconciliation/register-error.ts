/**
 * Failures of the population register adapter. Kept apart from AppError because they are about an
 * outside source (a file given with --registry, later an online service), not about a user's operation;
 * the caller decides whether one becomes IMPORT_REJECTED or a retry later.
 * - REGISTER_FILE_INVALID: the extract cannot be read (missing header column, bad row); details say where.
 * - REGISTER_TIMEOUT: a lookup took longer than the configured timeout, after every retry.
 * - REGISTER_UNAVAILABLE: the source failed, after every retry.
 */
export type RegisterErrorCode = 'REGISTER_FILE_INVALID' | 'REGISTER_TIMEOUT' | 'REGISTER_UNAVAILABLE';

export class RegisterError extends Error {
  constructor(
    readonly code: RegisterErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RegisterError';
  }
}

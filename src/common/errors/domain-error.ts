/**
 * Errors raised by services and repositories. They carry a stable code (`CLUSTER.NOT_FOUND`) and a
 * kind; one exception filter maps the kind to an HTTP status. Business logic never throws HTTP
 * exceptions.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable';

export interface FieldProblem {
  /** Dotted path of the offending input field, e.g. `sectors[2]` or `economy`. */
  field: string;
  reason: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** For `rate_limited`: when to try again (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalidInput = (code: string, fields: FieldProblem[], message?: string): DomainError =>
  new DomainError(
    code,
    'invalid',
    message ?? fields.map((f) => `${f.field}: ${f.reason}`).join('; '),
    fields,
  );

export const notFound = (code: string, what: string, id: string): DomainError =>
  new DomainError(code, 'not_found', `${what} '${id}' does not exist`);

export const forbidden = (code: string, message: string): DomainError =>
  new DomainError(code, 'forbidden', message);

export const conflict = (code: string, message: string, fields: FieldProblem[] = []): DomainError =>
  new DomainError(code, 'conflict', message, fields);

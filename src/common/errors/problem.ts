import { DomainError, DomainErrorKind, FieldProblem } from './domain-error';

/** RFC 9457 problem details, as every error of the API is answered. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldProblem[];
}

const STATUS: Record<DomainErrorKind, [number, string]> = {
  invalid: [400, 'Invalid request'],
  unauthenticated: [401, 'Authentication required'],
  forbidden: [403, 'Forbidden'],
  not_found: [404, 'Not found'],
  conflict: [409, 'Conflict'],
  too_large: [413, 'Payload too large'],
  unsupported_media_type: [415, 'Unsupported media type'],
  rate_limited: [429, 'Too many requests'],
  unavailable: [503, 'Service unavailable'],
};

export function problemType(code: string): string {
  return `urn:pec-match:problem:${code.toLowerCase()}`;
}

export function problemFromDomainError(error: DomainError, instance?: string): ProblemDocument {
  const [status, title] = STATUS[error.kind];
  return {
    type: problemType(error.code),
    title,
    status,
    detail: error.message,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(error.fields.length ? { errors: error.fields } : {}),
  };
}

export function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  instance?: string,
): ProblemDocument {
  return {
    type: problemType(code),
    title,
    status,
    detail,
    code,
    ...(instance ? { instance } : {}),
  };
}

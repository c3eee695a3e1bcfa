import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { FieldProblem, invalidInput } from '../errors/domain-error';

/**
 * One set of validation options for REST bodies, query strings and import lines: unknown fields
 * are refused (not silently dropped), values are not coerced between types.
 */
export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: true,
  validationError: { target: false, value: false },
} as const;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** How deep a JSON body or import line may nest (objects and arrays); no field needs more than 4. */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys that could reach an object's prototype (`__proto__`, `constructor`, `prototype`), at any
 * depth, and nesting deeper than MAX_JSON_DEPTH. JSON.parse makes such keys own properties, but
 * copying such an object can turn them into a prototype, which whitelisting would then not see:
 * they are refused outright. The walk is iterative, so no input can overflow the stack.
 */
export function forbiddenKeyProblems(value: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length && problems.length < 20) {
    const at = stack.pop()!;
    if (!at.value || typeof at.value !== 'object') continue;
    if (at.depth >= MAX_JSON_DEPTH) {
      problems.push({
        field: at.path || '(root)',
        reason: `nests deeper than ${MAX_JSON_DEPTH} levels`,
      });
      continue;
    }
    for (const key of Object.keys(at.value)) {
      const field = Array.isArray(at.value)
        ? `${at.path}[${key}]`
        : at.path
          ? `${at.path}.${key}`
          : key;
      if (FORBIDDEN_KEYS.has(key)) problems.push({ field, reason: 'is not an allowed field name' });
      else
        stack.push({
          value: (at.value as Record<string, unknown>)[key],
          path: field,
          depth: at.depth + 1,
        });
    }
  }
  return problems;
}

const OPTIONAL_BODY = Symbol('optional body');

/**
 * Marks a body DTO whose fields are all optional as a body that may be left out altogether, as
 * on actions like `POST /v1/introductions/{id}/accept`: no body means `{}`.
 */
export function OptionalBody(): ClassDecorator {
  return (target) => {
    Object.defineProperty(target, OPTIONAL_BODY, { value: true });
  };
}

/** A body that is not a JSON object (absent, an array, a string) is refused before validation. */
class BodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      const optional = (metadata.metatype as unknown as Record<symbol, boolean>)[OPTIONAL_BODY];
      if (optional && (value === undefined || value === null)) value = {};
      if (
        value === undefined ||
        value === null ||
        typeof value !== 'object' ||
        Array.isArray(value)
      ) {
        throw invalidInput('VALIDATION.FAILED', [
          { field: '(body)', reason: 'must be a JSON object (Content-Type: application/json)' },
        ]);
      }
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new BodyValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors: ValidationError[]) =>
      invalidInput('VALIDATION.FAILED', toFieldProblems(errors)),
  });
}

/** Flattens class-validator errors into `{ field, reason }` with dotted/indexed paths. */
export function toFieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([name, message]) => ({
      field,
      reason:
        name === 'whitelistValidation'
          ? 'is not a known field'
          : stripProperty(message, error.property),
    }));
    return [...own.slice(0, 1), ...toFieldProblems(error.children ?? [], field)];
  });
}

function stripProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

export type ValidationOutcome<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** Validates a plain object (an import line, a stored draft) against a DTO class. */
export function validatePlain<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
): ValidationOutcome<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { ok: false, problems: [{ field: '(root)', reason: 'must be a JSON object' }] };
  }
  const forbidden = forbiddenKeyProblems(plain);
  if (forbidden.length) return { ok: false, problems: forbidden };
  const value = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(value, VALIDATION_OPTIONS);
  return errors.length ? { ok: false, problems: toFieldProblems(errors) } : { ok: true, value };
}

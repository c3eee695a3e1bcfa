import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  isEmail,
} from 'class-validator';

/**
 * Field decorators used by every DTO: each one applies the validation rules, a clear reason for
 * the problem document, and the OpenAPI description, so the three never drift apart.
 */
interface Common {
  optional?: boolean;
  /** `null` clears the field on update. */
  nullable?: boolean;
  description?: string;
  example?: unknown;
}

/** Text as stored: Unicode NFC, Windows line ends as \n, no surrounding blanks. */
export function tidyText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/** Control characters other than tab and newline, and UTF-16 halves without their pair. */
export function uncleanText(value: string): boolean {
  return (
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    /[\u0000-\u0008\u000B-\u001F\u007F]/.test(value) ||
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)
  );
}

const UNCLEAN =
  'must not contain control characters (other than tab and newline) or unpaired surrogates';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? tidyText(value) : value,
);
const dedupe = Transform(({ value }: { value: unknown }) =>
  Array.isArray(value) && value.every((v) => typeof v === 'string')
    ? [...new Set(value.map((v: string) => tidyText(v)))]
    : value,
);
const clean = ValidateBy({
  name: 'cleanText',
  validator: {
    validate: (value: unknown) =>
      typeof value === 'string'
        ? !uncleanText(value)
        : !Array.isArray(value) || !value.some((v) => typeof v === 'string' && uncleanText(v)),
    defaultMessage: () => UNCLEAN,
  },
});

function presence(o: Common, schema: Record<string, unknown>): PropertyDecorator[] {
  const doc = o.optional
    ? ApiPropertyOptional({ ...schema, nullable: o.nullable })
    : ApiProperty(schema);
  if (!o.optional) return [doc, IsDefined({ message: 'is required' })];
  // Optional: absent passes; null passes only where the field may be cleared.
  return [doc, o.nullable ? IsOptional() : ValidateIf((_obj, v) => v !== undefined)];
}

export function StringField(
  o: Common & { min?: number; max: number; pattern?: RegExp; patternReason?: string },
) {
  const min = o.min ?? 1;
  const reason = `must be a string of ${min}–${o.max} characters`;
  return applyDecorators(
    ...presence(o, {
      type: String,
      minLength: min,
      maxLength: o.max,
      description: o.description,
      example: o.example,
    }),
    trim,
    IsString({ message: reason }),
    MinLength(min, { message: reason }),
    MaxLength(o.max, { message: reason }),
    clean,
    ...(o.pattern
      ? [Matches(o.pattern, { message: o.patternReason ?? `must match ${o.pattern.source}` })]
      : []),
  );
}

export function StringListField(
  o: Common & {
    minItems?: number;
    maxItems: number;
    itemMax: number;
    pattern?: RegExp;
    patternReason?: string;
  },
) {
  const minItems = o.minItems ?? 0;
  const reason = `must be a list of ${minItems}–${o.maxItems} strings of 1–${o.itemMax} characters`;
  return applyDecorators(
    ...presence(o, {
      type: [String],
      minItems,
      maxItems: o.maxItems,
      description: o.description,
      example: o.example,
    }),
    dedupe,
    IsArray({ message: reason }),
    ArrayMinSize(minItems, { message: reason }),
    ArrayMaxSize(o.maxItems, { message: reason }),
    IsString({ each: true, message: reason }),
    MinLength(1, { each: true, message: reason }),
    MaxLength(o.itemMax, { each: true, message: reason }),
    clean,
    ...(o.pattern
      ? [
          Matches(o.pattern, {
            each: true,
            message: o.patternReason ?? `entries must match ${o.pattern.source}`,
          }),
        ]
      : []),
  );
}

export function EnumField<T extends string>(values: readonly T[], o: Common = {}) {
  return applyDecorators(
    ...presence(o, { enum: values, description: o.description, example: o.example }),
    IsIn(values, { message: `must be one of: ${values.join(', ')}` }),
  );
}

export function IntField(o: Common & { min: number; max: number }) {
  const reason = `must be an integer between ${o.min} and ${o.max}`;
  return applyDecorators(
    ...presence(o, {
      type: Number,
      minimum: o.min,
      maximum: o.max,
      description: o.description,
      example: o.example,
    }),
    IsInt({ message: reason }),
    Min(o.min, { message: reason }),
    Max(o.max, { message: reason }),
  );
}

export function UrlField(o: Common = {}) {
  return applyDecorators(
    StringField({
      ...o,
      max: 500,
      // No blanks, quotes, angle brackets or backslashes: a URL, not markup.
      pattern: /^https?:\/\/[^\s/$.?#"'<>\\^`{|}][^\s"'<>\\^`{|}]*$/i,
      patternReason: 'must be a well-formed http(s) URL',
    }),
    stringCheck('wellFormedUrl', wellFormedUrl, 'must be a well-formed http(s) URL'),
  );
}

function wellFormedUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !!url.hostname;
  } catch {
    return false;
  }
}

/**
 * A check that applies only to strings, leaving other values to the field's own type check.
 * (ValidateIf would not do: when it is false, class-validator skips every check of the property,
 * so `"validUntil": []` would pass.)
 */
function stringCheck(name: string, test: (value: string) => boolean, message: string) {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || test(value),
      defaultMessage: () => message,
    },
  });
}

export function EmailField(o: Common = {}) {
  return applyDecorators(
    StringField({ ...o, max: 254 }),
    stringCheck('isEmailAddress', isEmail, 'must be an email address'),
  );
}

/** A calendar date `YYYY-MM-DD` that exists (2027-02-30 is refused). */
export function DateField(o: Common = {}) {
  return applyDecorators(
    StringField({
      ...o,
      max: 10,
      pattern: /^\d{4}-\d{2}-\d{2}$/,
      patternReason: 'must be a date YYYY-MM-DD',
    }),
    stringCheck('isCalendarDate', isRealDate, 'must be an existing calendar date YYYY-MM-DD'),
  );
}

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** An integer in a query string (which arrives as text). */
export function QueryIntField(o: Common & { min: number; max: number }) {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value,
    ),
    IntField(o),
  );
}

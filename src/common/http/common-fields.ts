import { applyDecorators } from '@nestjs/common';
import { StringField, StringListField } from './fields';

/** Field shapes shared by several DTOs. */
export const ECONOMY_CODE = /^[A-Z]{2}$/;
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const SECTOR_CODE = /^([A-U]|\d{2,4})$/;
export const EXTERNAL_ID = /^[\x21-\x7e]{1,200}$/;

export const EconomyCodeField = (o: { optional?: boolean; description?: string } = {}) =>
  StringField({
    ...o,
    max: 2,
    min: 2,
    pattern: ECONOMY_CODE,
    patternReason: 'must be an economy code (two capital letters, see GET /v1/economies)',
    example: 'KR',
  });

export const SectorsField = (o: { optional?: boolean } = {}) =>
  StringListField({
    ...o,
    minItems: o.optional ? 0 : 1,
    maxItems: 20,
    itemMax: 4,
    pattern: SECTOR_CODE,
    patternReason:
      'entries must be ISIC Rev.4 codes: a section letter or 2–4 digits (see GET /v1/sectors)',
    description:
      'ISIC Rev.4 codes (section, division, group or class). When none are given, sectors are inferred from the text',
    example: ['26'],
  });

export const LanguagesField = (o: { optional?: boolean } = {}) =>
  StringListField({
    ...o,
    maxItems: 10,
    itemMax: 20,
    pattern: LANGUAGE_TAG,
    patternReason: 'entries must be BCP 47 language tags such as en, ko, zh-Hant',
    description: 'BCP 47 language tags',
    example: ['ko', 'en'],
  });

export const TechnologiesField = (o: { optional?: boolean } = {}) =>
  StringListField({
    ...o,
    maxItems: 50,
    itemMax: 100,
    description: 'Technologies and products, free text',
    example: ['power semiconductors'],
  });

export const ExternalIdField = () =>
  applyDecorators(
    StringField({
      optional: true,
      nullable: true,
      max: 200,
      pattern: EXTERNAL_ID,
      patternReason: 'must be 1–200 printable ASCII characters without spaces',
      description: 'Identifier in the source registry; imports upsert by it',
    }),
  );

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IntField, StringField } from '../common/http/fields';
import { FEATURES, KNOWN_PARTNER_RULES, KnownPartnersRule } from '../matching/criteria';

const number01 = (o: { min?: number; max?: number } = {}) => {
  const min = o.min ?? 0;
  const max = o.max ?? 1;
  const message = `must be a number between ${min} and ${max}`;
  return [
    IsOptional(),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message }),
    Min(min, { message }),
    Max(max, { message }),
  ];
};
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

/**
 * Weights of the score's signals, each in [0, 1]; omitted ones keep the base version's value. Made
 * from the one list of signals (FEATURES), so a new signal cannot be forgotten here.
 */
export class WeightsDto {
  [feature: string]: number | undefined;
}
for (const feature of FEATURES) {
  ApiPropertyOptional({ type: Number, minimum: 0, maximum: 1 })(WeightsDto.prototype, feature);
  apply(number01())(WeightsDto.prototype, feature);
}

const int = (min: number, max: number) => {
  const message = `must be an integer between ${min} and ${max}`;
  return [IsOptional(), IsInt({ message }), Min(min, { message }), Max(max, { message })];
};
const bool = [IsOptional(), IsBoolean({ message: 'must be true or false' })];

/** Rules of the matching; omitted ones keep the base version's value. */
export class RulesDto {
  @ApiPropertyOptional() @apply(bool) allowSameEconomy?: boolean;
  @ApiPropertyOptional() @apply(bool) respectTargetEconomies?: boolean;
  @ApiPropertyOptional() @apply(int(1, 50)) listSize?: number;
  @ApiPropertyOptional() @apply(int(1, 20)) poolFactor?: number;
  @ApiPropertyOptional() @apply(int(5, 200)) channelK?: number;
  @ApiPropertyOptional() @apply(int(10, 2000)) poolSize?: number;
  @ApiPropertyOptional({
    enum: KNOWN_PARTNER_RULES,
    description: 'Past partners: suggested (shown as known), ranked lower, or never',
  })
  @apply([
    IsOptional(),
    IsIn(KNOWN_PARTNER_RULES, { message: `must be one of: ${KNOWN_PARTNER_RULES.join(', ')}` }),
  ])
  knownPartners?: KnownPartnersRule;
  @ApiPropertyOptional() @apply(number01()) mmrLambda?: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'null: no cap' })
  @ValidateIf((_o, v) => v !== null)
  @apply(int(1, 50))
  perEconomyCap?: number | null;
  @ApiPropertyOptional() @apply(number01()) minScore?: number;
  @ApiPropertyOptional() @apply(int(1, 3650)) freshnessHalfLifeDays?: number;
  @ApiPropertyOptional() @apply(number01()) profileWeight?: number;
  @ApiPropertyOptional() @apply(number01({ min: -1 })) fitFloor?: number;
  @ApiPropertyOptional({
    description:
      "How much a candidate's track record (its collaborations) multiplies its fit: score = fit × (1 + b·experience) / (1 + b); 0 is off",
  })
  @apply(number01({ max: 20 }))
  activityBoost?: number;
}

export class CriteriaDraftDto {
  @ApiPropertyOptional({ type: WeightsDto })
  @IsOptional()
  @IsObject({ message: 'must be an object of weights' })
  @ValidateNested()
  @Type(() => WeightsDto)
  weights?: WeightsDto;

  @ApiPropertyOptional({ type: RulesDto })
  @IsOptional()
  @IsObject({ message: 'must be an object of rules' })
  @ValidateNested()
  @Type(() => RulesDto)
  rules?: RulesDto;

  @StringField({ optional: true, max: 2000, description: 'Why this version exists' })
  note?: string;

  @IntField({
    optional: true,
    min: 1,
    max: 1_000_000,
    description: 'Version to start from (default: the active one)',
  })
  basedOn?: number;
}

export class CriteriaResponse {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['draft', 'active', 'retired'] }) status!: string;
  @ApiProperty({ type: WeightsDto }) weights!: WeightsDto;
  @ApiProperty({ type: RulesDto }) rules!: RulesDto;
  @ApiProperty() note!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ nullable: true, type: String }) activatedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) activatedBy!: string | null;
}

export class CriteriaAuditEntryResponse {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['created', 'activated'] }) action!: 'created' | 'activated';
  @ApiProperty({ description: 'The key (or session) that did it' }) actor!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: Number }) previousVersion!: number | null;
}

export class CriteriaAuditPage {
  @ApiProperty({ type: [CriteriaAuditEntryResponse] }) items!: CriteriaAuditEntryResponse[];
}

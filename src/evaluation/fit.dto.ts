import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import { EnumField, IntField, StringField } from '../common/http/fields';
import { WeightsDto } from '../criteria/criteria.dto';

export class FitDto {
  @EnumField(['outcomes', 'gold'] as const, {
    description:
      'outcomes: accepted and declined introductions, suggestions marked useful, saved, not relevant or hidden; gold: the uploaded gold file',
  })
  source!: 'outcomes' | 'gold';

  @ApiPropertyOptional({
    description:
      'With source gold: {"<externalId>": ["<partner externalId>", …]} (the format of eval datasets)',
    example: { 'pic-1': ['pic-2', 'pic-3'] },
  })
  @IsOptional()
  @IsObject({ message: 'must be an object of externalId → list of partner externalIds' })
  gold?: Record<string, unknown>;

  @IntField({
    optional: true,
    min: 1,
    max: 1_000_000,
    description:
      'The version whose rules the draft keeps and whose pools are scored (default: active)',
  })
  basedOn?: number;

  @StringField({ optional: true, max: 2000 })
  note?: string;
}

export class FitExamplesResponse {
  @ApiProperty() subjects!: number;
  @ApiProperty() positives!: number;
  @ApiProperty() negatives!: number;
}

export class FitHeldOutResponse {
  @ApiProperty() subjects!: number;
  @ApiProperty({ description: 'nDCG@10 of the base version' }) base!: number;
  @ApiProperty({ description: 'nDCG@10 of the fitted draft' }) draft!: number;
}

export class FitResponse {
  @ApiProperty({ description: 'The new draft version (never activated by the fit)' })
  draft!: number;
  @ApiProperty() basedOn!: number;
  @ApiProperty({
    type: FitExamplesResponse,
    description: 'Subjects, positive and negative examples used',
  })
  examples!: FitExamplesResponse;
  @ApiProperty({
    type: FitHeldOutResponse,
    description: 'nDCG@10 on the held-out subjects: the base version and the draft',
  })
  heldOut!: FitHeldOutResponse;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Logistic coefficients per signal (before scaling to weights)',
  })
  coefficients!: Record<string, number>;
  @ApiProperty({ type: WeightsDto, description: 'The draft’s weights' })
  weights!: Record<string, number>;
}

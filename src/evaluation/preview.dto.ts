import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { IntField, StringListField } from '../common/http/fields';
import { CriteriaDraftDto } from '../criteria/criteria.dto';

export class PreviewDto {
  @ApiPropertyOptional({ type: CriteriaDraftDto, description: 'A draft to try (not stored)' })
  @IsOptional()
  @IsObject({ message: 'must be a criteria draft' })
  @ValidateNested()
  @Type(() => CriteriaDraftDto)
  draft?: CriteriaDraftDto;

  @IntField({
    optional: true,
    min: 1,
    max: 1_000_000,
    description: 'A stored version to try instead of a draft',
  })
  version?: number;

  @IntField({ optional: true, min: 1, max: 200, description: 'Subjects sampled (default 20)' })
  sampleSize?: number;

  @StringListField({
    optional: true,
    maxItems: 200,
    itemMax: 80,
    description: 'Subjects to compare (cluster:<id> or member:<id>) instead of a sample',
  })
  subjects?: string[];
}

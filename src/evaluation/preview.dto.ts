import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

const COUNTS = { type: 'object', additionalProperties: { type: 'number' } } as const;

export class ListMixResponse {
  @ApiProperty({ ...COUNTS, description: 'Suggestions per partner economy, over all sampled lists' })
  economies!: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'Suggestions per ISIC section of the partner' })
  sections!: Record<string, number>;
  @ApiProperty() economiesPerList!: number;
  @ApiProperty() averageListSize!: number;
}

export class EvaluationSummaryResponse {
  @ApiProperty() subjects!: number;
  @ApiProperty() recallAt10!: number;
  @ApiProperty() ndcgAt10!: number;
  @ApiProperty() mrr!: number;
  @ApiProperty() economiesPerTop10!: number;
  @ApiProperty() listsWith4Economies!: number;
  @ApiProperty() catalogueCoverage!: number;
}

class MixPairResponse {
  @ApiProperty({ type: ListMixResponse }) active!: ListMixResponse;
  @ApiProperty({ type: ListMixResponse }) draft!: ListMixResponse;
}

class OfflinePairResponse {
  @ApiProperty({ type: EvaluationSummaryResponse }) active!: EvaluationSummaryResponse;
  @ApiProperty({ type: EvaluationSummaryResponse }) draft!: EvaluationSummaryResponse;
}

class RankChangesResponse {
  @ApiProperty() meanAbsoluteShift!: number;
  @ApiProperty() entered!: number;
  @ApiProperty() left!: number;
}

class SubjectPreviewResponse {
  @ApiProperty() subject!: string;
  @ApiProperty() overlapAt10!: number;
  @ApiProperty({ type: [String] }) entered!: string[];
  @ApiProperty({ type: [String] }) left!: string[];
}

export class PreviewReportResponse {
  @ApiProperty() activeVersion!: number;
  @ApiProperty({ description: 'The draft tried: its version when stored, and its content' })
  draft!: object;
  @ApiProperty() sampleSize!: number;
  @ApiProperty({ description: 'Share of the active top 10 still in the draft’s top 10, averaged' })
  overlapAt10!: number;
  @ApiProperty({ type: RankChangesResponse }) rankChanges!: RankChangesResponse;
  @ApiProperty({ type: MixPairResponse }) mix!: MixPairResponse;
  @ApiProperty({
    type: OfflinePairResponse,
    nullable: true,
    description: 'Offline metrics on the labelled set, when there is one',
  })
  offline!: OfflinePairResponse | null;
  @ApiProperty({ type: [SubjectPreviewResponse] }) subjects!: SubjectPreviewResponse[];
}

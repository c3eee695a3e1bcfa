import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COOPERATION_AREAS } from '../items/item';
import { LanguageQuery } from '../i18n/language-query.dto';
import { InferredSectorResponse } from '../profiles/profile.dto';
import { EnumField, QueryIntField, StringField } from '../common/http/fields';
import { FEEDBACK_STATUSES, FeedbackStatus } from './suggestion';

export class SuggestionQuery extends LanguageQuery {
  @StringField({ optional: true, min: 2, max: 2, description: 'Only partners of this economy' })
  economy?: string;

  @EnumField(COOPERATION_AREAS, {
    optional: true,
    description: 'Only suggestions whose needs/offers are in this area',
  })
  area?: (typeof COOPERATION_AREAS)[number];

  @QueryIntField({ optional: true, min: 1, max: 50, description: 'Default 10' })
  limit?: number;

  @StringField({ optional: true, max: 200 })
  cursor?: string;
}

export class PartnerSummaryResponse {
  @ApiProperty({ enum: ['cluster', 'member'] }) type!: 'cluster' | 'member';
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() economy!: string;
  @ApiProperty({
    description: "The economy's name in the reader's language, by APEC convention",
    example: 'Chinese Taipei',
  })
  economyName!: string;
  @ApiProperty() clusterId!: string;
  @ApiProperty({ type: [String] }) sectors!: string[];
  @ApiProperty({
    type: [InferredSectorResponse],
    description:
      'Inferred from the text when the partner gives no sectors (never instead of given ones)',
  })
  inferredSectors!: InferredSectorResponse[];
  @ApiPropertyOptional({ nullable: true, type: String }) region?: string | null;
  @ApiPropertyOptional() kind?: string;
}

export class ScorePartResponse {
  @ApiProperty({ description: 'The signal, in [0, 1]' }) value!: number;
  @ApiProperty() weight!: number;
  @ApiProperty({ description: 'What it adds to the score' }) contribution!: number;
}

export class EvidenceItemResponse {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['need', 'offer'] }) kind!: string;
  @ApiProperty() area!: string;
}

export class EvidenceResponse {
  @ApiProperty({ enum: ['their_offer_for_your_need', 'your_offer_for_their_need'] })
  direction!: string;
  @ApiProperty({ type: EvidenceItemResponse }) yours!: EvidenceItemResponse;
  @ApiProperty({ type: EvidenceItemResponse }) theirs!: EvidenceItemResponse;
  @ApiProperty() similarity!: number;
}

export class SuggestionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() rank!: number;
  @ApiProperty({ description: 'Weighted sum of the parts, in [0, 1]' }) score!: number;
  @ApiProperty({
    type: PartnerSummaryResponse,
    description: 'The suggested cluster or member (public fields)',
  })
  partner!: PartnerSummaryResponse;
  @ApiProperty({
    example:
      "Your need 'pilot line for SiC power modules' matches their offer 'SiC wafer foundry services'; shared sectors: 26 …",
  })
  reason!: string;
  @ApiProperty({
    description:
      'The language of `reason`: the one asked for, or en for a list stored before reasons became data',
    example: 'ja',
  })
  reasonLanguage!: string;
  @ApiProperty({
    type: 'array',
    nullable: true,
    items: { type: 'object', additionalProperties: true },
    description:
      "The reason as data, e.g. {kind: 'need_meets_offer', yours, theirs}, {kind: 'shared_sector', code, inferred}; null on a list stored before reasons became data (the next recompute adds it)",
  })
  reasonParts!: Record<string, unknown>[] | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ScorePartResponse' },
    description: 'Per signal: value, weight and contribution to the score',
  })
  parts!: Record<string, ScorePartResponse>;
  @ApiProperty({ type: [EvidenceResponse], description: 'The need/offer pairs behind it' })
  evidence!: EvidenceResponse[];
  @ApiProperty({ type: [String] }) areas!: string[];
  @ApiProperty() criteriaVersion!: number;
  @ApiProperty() computedAt!: string;
  @ApiProperty({ enum: ['new', 'seen', 'useful', 'not_relevant', 'saved', 'hidden'] })
  status!: string;
}

export class SuggestionPage {
  @ApiProperty({ type: [SuggestionResponse] }) items!: SuggestionResponse[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({
    description:
      'True when the list is out of date and its recompute took longer than the read budget (SUGGESTIONS_READ_BUDGET_MS): this is the stored list, and the new one follows on a later read',
  })
  refreshing!: boolean;
}

export class FeedbackDto {
  @EnumField(FEEDBACK_STATUSES, {
    description:
      'useful and saved pull similar partners up; not_relevant and hidden remove this one and push similar ones down',
  })
  status!: FeedbackStatus;

  @StringField({ optional: true, nullable: true, max: 1000 })
  reason?: string | null;
}

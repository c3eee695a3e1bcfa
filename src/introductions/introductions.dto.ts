import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EnumField, QueryIntField, StringField } from '../common/http/fields';
import { OptionalBody } from '../common/http/validation';
import { COOPERATION_AREAS } from '../items/item';
import { INTRODUCTION_STATUSES, IntroductionStatus } from './introduction';

export class IntroductionRequestDto {
  @StringField({
    max: 64,
    description: 'The suggestion (in your list) whose partner you want to be introduced to',
  })
  suggestionId!: string;

  @StringField({
    max: 1000,
    description: 'Why you would like to meet: shown to the partner and in the email they get',
    example: 'We are looking for a SiC foundry partner for a joint pilot line; can we talk?',
  })
  message!: string;
}

@OptionalBody()
export class IntroductionDecisionDto {
  @StringField({
    optional: true,
    nullable: true,
    max: 1000,
    description:
      'A note to the other side (shown on the introduction; a declined requester also gets it by email)',
  })
  note?: string | null;
}

export class IntroductionQuery {
  @EnumField(['sent', 'received'] as const, {
    optional: true,
    description: 'Asked by (sent) or of (received) the parties you act for',
  })
  direction?: 'sent' | 'received';

  @EnumField(INTRODUCTION_STATUSES, { optional: true })
  status?: IntroductionStatus;

  @StringField({
    optional: true,
    max: 80,
    pattern: /^(cluster|member):[\x21-\x7e]{1,64}$/,
    patternReason: 'must be cluster:<id> or member:<id>',
    description: 'Only this party’s introductions (one you act for)',
  })
  party?: string;

  @QueryIntField({ optional: true, min: 1, max: 200, description: 'Default 50' })
  limit?: number;

  @StringField({ optional: true, max: 200 })
  cursor?: string;
}

class PartySummaryResponse {
  @ApiProperty({ example: 'cluster:0190…' }) key!: string;
  @ApiProperty() name!: string;
  @ApiProperty() economy!: string;
  @ApiProperty() clusterId!: string;
}

export class PartyContactsResponse {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) contactName!: string | null;
  @ApiProperty({ nullable: true, type: String }) contactEmail!: string | null;
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
}

export class IntroductionContactsResponse {
  @ApiProperty({ type: PartyContactsResponse }) requester!: PartyContactsResponse;
  @ApiProperty({ type: PartyContactsResponse }) target!: PartyContactsResponse;
}

export class IntroductionResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ type: PartySummaryResponse }) requester!: PartySummaryResponse;
  @ApiProperty({ type: PartySummaryResponse }) target!: PartySummaryResponse;
  @ApiProperty() suggestionId!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ enum: INTRODUCTION_STATUSES }) status!: IntroductionStatus;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'A pending request not answered by then expires' })
  expiresAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) response!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['requester', 'target'] })
  yourSide!: 'requester' | 'target' | null;
  @ApiPropertyOptional({
    type: IntroductionContactsResponse,
    description:
      'Both sides’ contact details: only on GET /v1/introductions/{id} of an accepted introduction',
  })
  contacts?: IntroductionContactsResponse;
}

export class IntroductionPage {
  @ApiProperty({ type: [IntroductionResponse] }) items!: IntroductionResponse[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CollaborationMapQuery {
  @EnumField(COOPERATION_AREAS, {
    optional: true,
    description:
      'Only suggestions in this area, and introductions asked from a suggestion in this area',
  })
  area?: (typeof COOPERATION_AREAS)[number];
}

export class IntroductionTallyResponse {
  @ApiProperty() requested!: number;
  @ApiProperty() pending!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() declined!: number;
  @ApiProperty() expired!: number;
  @ApiProperty() withdrawn!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'accepted / (accepted + declined + expired); null before any answer',
  })
  acceptanceRate!: number | null;
}

export class CollaborationCellResponse extends IntroductionTallyResponse {
  @ApiProperty({ description: 'Economy of the subjects and of the requesters' }) from!: string;
  @ApiProperty({ description: 'Economy of the suggested partners and of the parties asked' })
  to!: string;
  @ApiProperty({ description: 'Suggestions in stored lists from `from` naming partners in `to`' })
  suggestions!: number;
}

export class CollaborationTotalsResponse extends IntroductionTallyResponse {
  @ApiProperty() suggestions!: number;
}

export class CollaborationMapResponse {
  @ApiProperty({ type: String, nullable: true }) area!: string | null;
  @ApiProperty({ type: [String] }) economies!: string[];
  @ApiProperty({ type: [CollaborationCellResponse], description: 'Busiest first' })
  cells!: CollaborationCellResponse[];
  @ApiProperty({ type: CollaborationTotalsResponse }) totals!: CollaborationTotalsResponse;
}

import { ApiProperty } from '@nestjs/swagger';
import { EXTERNAL_ID, ExternalIdField } from '../common/http/common-fields';
import { DateField, EnumField, StringField, StringListField } from '../common/http/fields';
import { PageQuery } from '../common/http/pagination';
import { COOPERATION_AREAS } from '../items/item';
import { COLLABORATION_SOURCES } from './collaboration';

const PARTY_KEY = /^(cluster|member):[\x21-\x7e]{1,64}$/;

export class CreateCollaborationDto {
  @ExternalIdField()
  externalId?: string | null;

  @StringListField({
    optional: true,
    maxItems: 200,
    itemMax: 80,
    pattern: PARTY_KEY,
    patternReason: 'entries must be cluster:<id> or member:<id>',
    description: 'Parties by id',
    example: ['cluster:0190…', 'member:0190…'],
  })
  parties?: string[];

  @StringListField({
    optional: true,
    maxItems: 200,
    itemMax: 200,
    pattern: EXTERNAL_ID,
    patternReason: 'entries must be externalIds of clusters or members',
    description: 'Parties by their registry externalId (clusters first, then members)',
  })
  partyExternalIds?: string[];

  @StringField({ max: 500, example: 'Joint pilot line for SiC modules' })
  title!: string;

  @EnumField(COOPERATION_AREAS, { optional: true, nullable: true })
  area?: string | null;

  @DateField({ optional: true, nullable: true, description: 'When the collaboration started' })
  startDate?: string | null;
}

/** An import line: the parties are registry externalIds. */
export class ImportCollaborationLine {
  @ExternalIdField()
  externalId?: string | null;

  @StringListField({
    minItems: 2,
    maxItems: 200,
    itemMax: 200,
    pattern: EXTERNAL_ID,
    patternReason: 'entries must be externalIds of clusters or members',
  })
  parties!: string[];

  @StringField({ max: 500 })
  title!: string;

  @EnumField(COOPERATION_AREAS, { optional: true, nullable: true })
  area?: string | null;

  @DateField({ optional: true, nullable: true })
  startDate?: string | null;
}

export class CollaborationListQuery extends PageQuery {
  @StringField({
    optional: true,
    max: 80,
    pattern: PARTY_KEY,
    patternReason: 'must be cluster:<id> or member:<id>',
    description: 'Only collaborations this party took part in',
  })
  party?: string;
}

export class CollaborationResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) area!: string | null;
  @ApiProperty({ nullable: true, type: String }) startDate!: string | null;
  @ApiProperty({ enum: COLLABORATION_SOURCES }) source!: string;
  @ApiProperty({ nullable: true, type: String }) introductionId!: string | null;
  @ApiProperty({ type: [String], description: 'cluster:<id> / member:<id>' }) parties!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CollaborationPage {
  @ApiProperty({ type: [CollaborationResponse] }) items!: CollaborationResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

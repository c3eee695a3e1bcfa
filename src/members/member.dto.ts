import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ExternalIdField,
  LanguagesField,
  SectorsField,
  TechnologiesField,
} from '../common/http/common-fields';
import { EmailField, EnumField, StringField, UrlField } from '../common/http/fields';
import { PageQuery } from '../common/http/pagination';
import { MEMBER_KINDS, MemberKind } from './member';

export class CreateMemberDto {
  @ExternalIdField()
  externalId?: string | null;

  @StringField({ max: 64, description: 'The cluster the member belongs to' })
  clusterId!: string;

  @StringField({ max: 200, example: 'Suwon SiC Devices Co.' })
  name!: string;

  @EnumField(MEMBER_KINDS, { example: 'sme' })
  kind!: MemberKind;

  @StringField({ max: 5000 })
  description!: string;

  @SectorsField()
  sectors!: string[];

  @TechnologiesField({ optional: true })
  technologies?: string[];

  @LanguagesField({ optional: true })
  languages?: string[];

  @UrlField({ optional: true, nullable: true })
  website?: string | null;

  @StringField({
    optional: true,
    nullable: true,
    max: 200,
    description: 'Visible to operators, the member and its cluster managers',
  })
  contactName?: string | null;

  @EmailField({
    optional: true,
    nullable: true,
    description: 'Visible to operators, the member and its cluster managers',
  })
  contactEmail?: string | null;
}

/** A member stays in its cluster: moving it is deleting and creating it. */
export class UpdateMemberDto extends PartialType(
  OmitType(CreateMemberDto, ['clusterId'] as const),
  { skipNullProperties: false },
) {}

/** An import line: the cluster is named by its externalId. */
export class ImportMemberLine extends OmitType(CreateMemberDto, ['clusterId'] as const) {
  @StringField({ max: 200, description: 'externalId of the member’s cluster' })
  clusterExternalId!: string;
}

export class MemberListQuery extends PageQuery {
  @StringField({ optional: true, max: 64 }) clusterId?: string;
  @StringField({ optional: true, max: 2, min: 2 }) economy?: string;
  @EnumField(MEMBER_KINDS, { optional: true }) kind?: MemberKind;
  @StringField({
    optional: true,
    max: 4,
    description: 'ISIC code; matches that code and every code below it',
  })
  sector?: string;
  @StringField({ optional: true, max: 200 }) text?: string;
}

export class MemberResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty() clusterId!: string;
  @ApiProperty({ description: "The cluster's economy" }) economy!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: MEMBER_KINDS }) kind!: MemberKind;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) sectors!: string[];
  @ApiProperty({ type: [String] }) technologies!: string[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) contactName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) contactEmail?: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class MemberPage {
  @ApiProperty({ type: [MemberResponse] }) items!: MemberResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

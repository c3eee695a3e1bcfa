import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { EnumField, StringField } from '../common/http/fields';
import { PageQuery } from '../common/http/pagination';
import { ProfileFieldsDto, ProfileResponse } from '../profiles/profile.dto';
import { MEMBER_KINDS, MemberKind } from './member';

export class CreateMemberDto extends ProfileFieldsDto {
  @StringField({ max: 64, description: 'The cluster the member belongs to' })
  clusterId!: string;

  @EnumField(MEMBER_KINDS, { example: 'sme' })
  kind!: MemberKind;
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

export class MemberResponse extends ProfileResponse {
  @ApiProperty() clusterId!: string;
  @ApiProperty({ enum: MEMBER_KINDS }) kind!: MemberKind;
}

export class MemberPage {
  @ApiProperty({ type: [MemberResponse] }) items!: MemberResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

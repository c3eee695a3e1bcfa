import { ApiProperty, PartialType } from '@nestjs/swagger';
import { EconomyCodeField } from '../common/http/common-fields';
import { IntField, StringField } from '../common/http/fields';
import { PageQuery } from '../common/http/pagination';
import { ProfileFieldsDto, ProfileResponse } from '../profiles/profile.dto';

export class CreateClusterDto extends ProfileFieldsDto {
  @EconomyCodeField()
  economy!: string;

  @StringField({ optional: true, nullable: true, max: 200, example: 'Gyeonggi' })
  region?: string | null;

  @IntField({ optional: true, nullable: true, min: 0, max: 1_000_000 })
  memberCount?: number | null;
}

export class UpdateClusterDto extends PartialType(CreateClusterDto, {
  skipNullProperties: false,
}) {}

export class ClusterListQuery extends PageQuery {
  @EconomyCodeField({ optional: true, description: 'Only clusters of this economy' })
  economy?: string;

  @StringField({
    optional: true,
    max: 4,
    description: 'ISIC code; matches that code and every code below it',
  })
  sector?: string;

  @StringField({
    optional: true,
    max: 200,
    description: 'Substring of name, region, description or technologies (case-insensitive)',
  })
  text?: string;
}

export class ClusterResponse extends ProfileResponse {
  @ApiProperty({ nullable: true, type: String }) region!: string | null;
  @ApiProperty({ nullable: true, type: Number }) memberCount!: number | null;
}

export class ClusterPage {
  @ApiProperty({ type: [ClusterResponse] }) items!: ClusterResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

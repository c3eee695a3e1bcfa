import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  EconomyCodeField,
  ExternalIdField,
  LanguagesField,
  SectorsField,
  TechnologiesField,
} from '../common/http/common-fields';
import { EmailField, IntField, StringField, UrlField } from '../common/http/fields';
import { PageQuery } from '../common/http/pagination';

export class CreateClusterDto {
  @ExternalIdField()
  externalId?: string | null;

  @StringField({ max: 200, example: 'Gyeonggi Power Semiconductor Cluster' })
  name!: string;

  @EconomyCodeField()
  economy!: string;

  @StringField({ optional: true, nullable: true, max: 200, example: 'Gyeonggi' })
  region?: string | null;

  @StringField({ max: 5000, description: 'What the cluster does, in its own words' })
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
    description: 'Visible to operators and the cluster managers only',
  })
  contactName?: string | null;

  @EmailField({
    optional: true,
    nullable: true,
    description: 'Visible to operators and the cluster managers only',
  })
  contactEmail?: string | null;

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

export class ClusterResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() economy!: string;
  @ApiProperty({ nullable: true, type: String }) region!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) sectors!: string[];
  @ApiProperty({ type: [String] }) technologies!: string[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Only for operators and the cluster managers',
  })
  contactName?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Only for operators and the cluster managers',
  })
  contactEmail?: string | null;
  @ApiProperty({ nullable: true, type: Number }) memberCount!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ClusterPage {
  @ApiProperty({ type: [ClusterResponse] }) items!: ClusterResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

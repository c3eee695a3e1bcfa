import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ExternalIdField,
  LanguagesField,
  SectorsField,
  TechnologiesField,
} from '../common/http/common-fields';
import { EmailField, StringField, UrlField } from '../common/http/fields';

const CONTACT = 'Visible to operators and the record’s owners only';

/** The profile fields a cluster or member is created with (each adds its own). */
export class ProfileFieldsDto {
  @ExternalIdField()
  externalId?: string | null;

  @StringField({ max: 200, example: 'Gyeonggi Power Semiconductor Cluster' })
  name!: string;

  @StringField({ max: 5000, description: 'What the organisation does, in its own words' })
  description!: string;

  @SectorsField()
  sectors!: string[];

  @TechnologiesField({ optional: true })
  technologies?: string[];

  @LanguagesField({ optional: true })
  languages?: string[];

  @UrlField({ optional: true, nullable: true })
  website?: string | null;

  @StringField({ optional: true, nullable: true, max: 200, description: CONTACT })
  contactName?: string | null;

  @EmailField({ optional: true, nullable: true, description: CONTACT })
  contactEmail?: string | null;
}

/** The profile fields of a cluster or member as the API returns them. */
export class ProfileResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() economy!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) sectors!: string[];
  @ApiProperty({ type: [String] }) technologies!: string[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: CONTACT })
  contactName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: CONTACT })
  contactEmail?: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

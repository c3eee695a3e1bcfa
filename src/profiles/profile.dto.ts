import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ExternalIdField,
  LanguagesField,
  SectorsField,
  TechnologiesField,
} from '../common/http/common-fields';
import { EmailField, StringField, UrlField } from '../common/http/fields';

export class InferredSectorResponse {
  @ApiProperty({ example: '7210' }) code!: string;
  @ApiProperty({ example: 0.83, description: 'How sure the inference is, 0–1' })
  confidence!: number;
}

const CONTACT = 'Visible to operators and the record’s owners only';

/** The profile fields a cluster or member is created with (each adds its own). */
export class ProfileFieldsDto {
  @ExternalIdField()
  externalId?: string | null;

  @StringField({ max: 200, example: 'Gyeonggi Power Semiconductor Cluster' })
  name!: string;

  @StringField({
    max: 20000,
    description: 'What the organisation does, in its own words (long texts are embedded in chunks)',
  })
  description!: string;

  @SectorsField({ optional: true })
  sectors?: string[];

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
  @ApiProperty({
    type: [InferredSectorResponse],
    description: 'Inferred from the text when no sectors were given (never overwrites them)',
  })
  inferredSectors!: InferredSectorResponse[];
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

import { ApiProperty } from '@nestjs/swagger';
import { LanguagesField } from '../common/http/common-fields';
import { StringField } from '../common/http/fields';

/** Body of PUT /v1/economies/{code}: the code is in the path. */
export class EconomyDto {
  @StringField({ max: 120, example: 'Germany' })
  name!: string;

  @LanguagesField()
  languages!: string[];

  @StringField({ max: 64, description: 'IANA time zone', example: 'Europe/Berlin' })
  timezone!: string;
}

export class EconomyResponse {
  @ApiProperty({ example: 'KR' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() timezone!: string;
  @ApiProperty({ description: 'An APEC member economy (false: a guest economy)' }) apec!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

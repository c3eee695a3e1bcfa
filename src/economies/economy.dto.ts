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
  @ApiProperty({
    description:
      "The name in the reader's language (?lang= or Accept-Language), by APEC convention: 'Chinese Taipei' is 中華台北 in zh-Hant, never a CLDR name; a guest economy keeps its name",
    example: '대한민국',
  })
  localName!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() timezone!: string;
  @ApiProperty({ description: 'An APEC member economy (false: a guest economy)' }) apec!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

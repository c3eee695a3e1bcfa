import { ApiProperty } from '@nestjs/swagger';
import { EmailField, EnumField, StringField } from '../common/http/fields';
import { LOCALES, Locale } from '../i18n/locales';
import { FREQUENCIES, Frequency } from './digest';

export class DigestSettingsDto {
  @EnumField(FREQUENCIES, { optional: true })
  frequency?: Frequency;

  @StringField({
    optional: true,
    nullable: true,
    max: 64,
    description: 'IANA time zone (default: the economy’s)',
  })
  timezone?: string | null;

  @EnumField(LOCALES, {
    optional: true,
    nullable: true,
    description:
      "The language of digests and introduction emails (default: the first of the economy's languages that PEC Match speaks, else en)",
  })
  language?: Locale | null;

  @EmailField({
    optional: true,
    nullable: true,
    description: 'Send digests here instead of the contact email',
  })
  email?: string | null;
}

export class RecipientQuery {
  @StringField({ max: 80, description: 'cluster:<id> or member:<id>' })
  recipient!: string;
}

export class UnsubscribeQuery {
  @StringField({ max: 80 })
  recipient!: string;

  @StringField({ max: 100 })
  signature!: string;
}

export class RecipientResponse {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ enum: FREQUENCIES }) frequency!: Frequency;
  @ApiProperty() timezone!: string;
  @ApiProperty({ enum: LOCALES }) language!: Locale;
  @ApiProperty() unsubscribed!: boolean;
}

export class DigestPreviewResponse {
  @ApiProperty({ type: RecipientResponse }) recipient!: RecipientResponse;
  @ApiProperty({ nullable: true, type: String }) period!: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'The suggestions it holds',
  })
  entries!: object[];
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'The HTML part, as sent' }) html!: string;
  @ApiProperty({ description: 'The plain-text part, as sent' }) text!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  headers!: Record<string, string>;
}

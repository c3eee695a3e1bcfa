import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role } from '../auth/api-key';
import { EmailField, StringField } from '../common/http/fields';

/** A path inside the app to return to after signing in: never another site. */
const APP_PATH = /^\/(?!\/)[\x21-\x7e]*$/;

export class EmailLinkDto {
  @EmailField({
    description: 'The contact address of a cluster or member',
    example: 'office@cluster.example',
  })
  email!: string;

  @StringField({
    optional: true,
    max: 2000,
    pattern: APP_PATH,
    patternReason: 'must be a path in the app, starting with a single /',
    description: 'Where the app goes after signing in, e.g. /suggestions/…',
  })
  returnTo?: string;
}

export class KeySessionDto {
  @StringField({
    max: 512,
    pattern: /^[\x21-\x7e]+$/,
    patternReason: 'must be an API key (printable ASCII)',
    description: 'An API key, exchanged for a session; the browser never keeps it',
  })
  apiKey!: string;
}

export class ChoosePartyDto {
  @StringField({ max: 80, description: 'One of the session’s choices, e.g. cluster:…' })
  partyKey!: string;
}

export class SessionChoiceResponse {
  @ApiProperty() partyKey!: string;
  @ApiProperty({ enum: ['cluster_manager', 'member'] }) role!: string;
  @ApiProperty() name!: string;
}

export class SessionResponse {
  @ApiProperty({ enum: ['email', 'key'] }) kind!: 'email' | 'key';
  @ApiProperty({
    enum: ROLES,
    nullable: true,
    type: String,
    description: 'null until a party is chosen',
  })
  role!: Role | null;
  @ApiProperty({ nullable: true, type: String, description: 'The party the session acts as' })
  partyKey!: string | null;
  @ApiProperty({ type: [SessionChoiceResponse] }) choices!: SessionChoiceResponse[];
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ description: 'Send it as X-CSRF-Token with every change made with the cookie' })
  csrfToken!: string;
  @ApiProperty() expiresAt!: string;
}

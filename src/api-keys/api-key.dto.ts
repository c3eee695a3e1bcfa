import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EnumField, StringField, StringListField } from '../common/http/fields';
import { ROLES, Role } from '../auth/api-key';

export class CreateApiKeyDto {
  @EnumField(ROLES)
  role!: Role;

  @StringField({
    max: 200,
    description: 'Who or what the key is for',
    example: 'Gyeonggi cluster office',
  })
  label!: string;

  @StringListField({
    optional: true,
    minItems: 1,
    maxItems: 100,
    itemMax: 64,
    description: 'Clusters a cluster_manager key manages',
  })
  clusterIds?: string[];

  @StringField({ optional: true, max: 64, description: 'The member a member key acts as' })
  memberId?: string;
}

export class ApiKeyResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [String] }) clusterIds!: string[];
  @ApiProperty({ nullable: true, type: String }) memberId!: string | null;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'First characters of the token' }) tokenPrefix!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
}

export class ApiKeyWithToken extends ApiKeyResponse {
  @ApiProperty({ description: 'The secret token: shown once, store it now' }) token!: string;
}

export class ApiKeyPage {
  @ApiProperty({ type: [ApiKeyResponse] }) items!: ApiKeyResponse[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

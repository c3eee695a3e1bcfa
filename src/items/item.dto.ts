import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import {
  ECONOMY_CODE,
  ExternalIdField,
  LanguagesField,
  SectorsField,
} from '../common/http/common-fields';
import { DateField, EnumField, StringField, StringListField } from '../common/http/fields';
import { PageQuery } from '../common/http/pagination';
import { InferredSectorResponse } from '../profiles/profile.dto';
import {
  COOPERATION_AREAS,
  CooperationArea,
  ITEM_KINDS,
  ItemKind,
  OWNER_TYPES,
  OwnerType,
} from './item';

export class CreateItemDto {
  @ExternalIdField()
  externalId?: string | null;

  @EnumField(OWNER_TYPES, { description: 'Whether a cluster or a member posts the item' })
  ownerType!: OwnerType;

  @StringField({ max: 64, description: 'Id of the owning cluster or member' })
  ownerId!: string;

  @EnumField(ITEM_KINDS)
  kind!: ItemKind;

  @EnumField(COOPERATION_AREAS)
  area!: CooperationArea;

  @StringField({ max: 200, example: 'Pilot line for SiC power modules' })
  title!: string;

  @StringField({ max: 20000, description: 'Long texts are embedded in several chunks' })
  description!: string;

  @SectorsField({ optional: true })
  sectors?: string[];

  @StringListField({
    optional: true,
    maxItems: 30,
    itemMax: 2,
    pattern: ECONOMY_CODE,
    patternReason: 'entries must be economy codes (see GET /v1/economies)',
    description: 'Economies partners should come from; empty means any',
    example: ['JP', 'US'],
  })
  targetEconomies?: string[];

  @LanguagesField({ optional: true })
  languages?: string[];

  @DateField({
    optional: true,
    nullable: true,
    description:
      'Last day the item is valid (inclusive). Without one: ITEM_TTL_DAYS from its last change, renewed when it changes',
    example: '2027-06-30',
  })
  validUntil?: string | null;
}

/** The owner of an item does not change. */
export class UpdateItemDto extends PartialType(
  OmitType(CreateItemDto, ['ownerType', 'ownerId'] as const),
  { skipNullProperties: false },
) {}

/** An import line: the owner is named by its externalId (cluster first, then member, unless ownerType says). */
export class ImportItemLine extends OmitType(CreateItemDto, ['ownerType', 'ownerId'] as const) {
  @StringField({ max: 200 })
  ownerExternalId!: string;

  @EnumField(OWNER_TYPES, { optional: true })
  ownerType?: OwnerType;
}

export class ItemListQuery extends PageQuery {
  @StringField({ optional: true, max: 64 }) clusterId?: string;
  @StringField({ optional: true, max: 64 }) memberId?: string;
  @EnumField(OWNER_TYPES, { optional: true }) ownerType?: OwnerType;
  @StringField({ optional: true, max: 2, min: 2 }) economy?: string;
  @EnumField(ITEM_KINDS, { optional: true }) kind?: ItemKind;
  @EnumField(COOPERATION_AREAS, { optional: true }) area?: CooperationArea;
  @StringField({
    optional: true,
    max: 4,
    description: 'ISIC code; matches that code and every code below it',
  })
  sector?: string;
  @StringField({ optional: true, max: 200 }) text?: string;
  @EnumField(['active', 'expired', 'all'] as const, { optional: true, description: 'Default: all' })
  status?: 'active' | 'expired' | 'all';
}

export class ItemResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({ enum: OWNER_TYPES }) ownerType!: OwnerType;
  @ApiProperty() clusterId!: string;
  @ApiProperty({ nullable: true, type: String }) memberId!: string | null;
  @ApiProperty() economy!: string;
  @ApiProperty({ enum: ITEM_KINDS }) kind!: ItemKind;
  @ApiProperty({ enum: COOPERATION_AREAS }) area!: CooperationArea;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) sectors!: string[];
  @ApiProperty({
    type: [InferredSectorResponse],
    description: 'Inferred from the text when no sectors were given (never overwrites them)',
  })
  inferredSectors!: InferredSectorResponse[];
  @ApiProperty({ type: [String] }) targetEconomies!: string[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() validUntil!: string;
  @ApiProperty({
    description: 'True when validUntil was not given: ITEM_TTL_DAYS from the last change, renewed',
  })
  validUntilDefault!: boolean;
  @ApiProperty() expired!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ItemPage {
  @ApiProperty({ type: [ItemResponse] }) items!: ItemResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

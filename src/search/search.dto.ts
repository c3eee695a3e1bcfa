import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { COOPERATION_AREAS } from '../items/item';
import { EnumField, QueryIntField, StringField } from '../common/http/fields';
import { PARTITIONS, Partition } from '../vector-index/vector-index';

const list = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value,
);

export class SearchQuery {
  @StringField({ max: 500, description: 'What to look for, in any language the model knows' })
  q!: string;

  @ApiPropertyOptional({
    description: 'Comma-separated: profile, need, offer (default: all three)',
    example: 'offer',
  })
  @IsOptional()
  @list
  @IsArray({ message: 'must be a comma-separated list of profile, need, offer' })
  @ArrayMaxSize(3, { message: 'must be a comma-separated list of profile, need, offer' })
  @IsIn(PARTITIONS, {
    each: true,
    message: 'must be a comma-separated list of profile, need, offer',
  })
  kind?: Partition[];

  @StringField({ optional: true, min: 2, max: 2, description: 'Only records of this economy' })
  economy?: string;

  @EnumField(COOPERATION_AREAS, {
    optional: true,
    description: 'Only needs and offers of this area',
  })
  area?: (typeof COOPERATION_AREAS)[number];

  @StringField({
    optional: true,
    max: 4,
    description: 'ISIC code; matches that code and every code below it',
  })
  sector?: string;

  @QueryIntField({ optional: true, min: 1, max: 100, description: 'Default 20' })
  limit?: number;
}

export class SearchHit {
  @ApiProperty({ enum: ['cluster', 'member', 'item'] }) type!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ enum: PARTITIONS }) kind!: Partition;
  @ApiProperty({ description: 'Cosine similarity to the query' }) score!: number;
  @ApiProperty() economy!: string;
  @ApiProperty({ description: 'Cluster or member name, or item title' }) title!: string;
  @ApiProperty() clusterId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) memberId?: string | null;
  @ApiPropertyOptional() area?: string;
  @ApiProperty({ type: [String] }) sectors!: string[];
  @ApiProperty() summary!: string;
}

export class SearchResponse {
  @ApiProperty() model!: string;
  @ApiProperty({ type: [SearchHit] }) results!: SearchHit[];
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { notFound } from '../common/errors/domain-error';
import { EnumField, StringField } from '../common/http/fields';
import { Sector, SectorLevel, listSectors, sectorByCode, sectorLineage } from './sector-catalog';

class SectorQuery {
  @EnumField(['section', 'division', 'group', 'class'] as const, { optional: true })
  level?: SectorLevel;

  @StringField({ optional: true, max: 4, description: 'Only the children of this code' })
  parent?: string;
}

class SectorResponse {
  @ApiProperty({ example: '26' }) code!: string;
  @ApiProperty({ enum: ['section', 'division', 'group', 'class'] }) level!: SectorLevel;
  @ApiProperty({ nullable: true, type: String, example: 'C' }) parent!: string | null;
  @ApiProperty({ example: 'Manufacture of computer, electronic and optical products' })
  title!: string;
}

/** ISIC Rev.4, the sector vocabulary of every record. */
@ApiTags('sectors')
@ApiBearerAuth()
@Controller('v1/sectors')
export class SectorsController {
  @Get()
  @ApiOkResponse({ type: [SectorResponse] })
  list(@Query() q: SectorQuery): { items: Sector[] } {
    return { items: listSectors(q.level, q.parent) };
  }

  @Get(':code')
  @ApiOkResponse({ type: SectorResponse })
  get(@Param('code') code: string): Sector & { lineage: string[] } {
    const sector = sectorByCode(code);
    if (!sector) throw notFound('SECTOR.NOT_FOUND', 'ISIC Rev.4 code', code);
    return { ...sector, lineage: sectorLineage(code) };
  }
}

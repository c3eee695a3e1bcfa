import { Controller, Delete, Get, Header, HttpCode, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { IdParamPipe } from '../common/http/params';
import { PartyEraser } from './party-eraser';
import { PartyExport, PartyExporter } from './party-export';

/**
 * A party's data on request, as one JSON document; and its deletion, which erases everything
 * derived from it too (vectors, suggestions, feedback, digests, introductions).
 */
@ApiBearerAuth()
@Controller('v1')
export class PrivacyController {
  constructor(
    @Inject(PartyExporter) private readonly exporter: PartyExporter,
    @Inject(PartyEraser) private readonly eraser: PartyEraser,
  ) {}

  @Get('clusters/:id/export')
  @ApiTags('privacy')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'The cluster’s data, its members’ and everything derived from it' })
  exportCluster(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
  ): Promise<PartyExport> {
    return this.exporter.exportCluster(p, id);
  }

  @Get('members/:id/export')
  @ApiTags('privacy')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'The member’s data and everything derived from it' })
  exportMember(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
  ): Promise<PartyExport> {
    return this.exporter.exportMember(p, id);
  }

  @Delete('clusters/:id')
  @ApiTags('clusters')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its members and their collaboration items' })
  deleteCluster(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
  ): Promise<void> {
    return this.eraser.eraseCluster(p, id);
  }

  @Delete('members/:id')
  @ApiTags('members')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its collaboration items' })
  deleteMember(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
  ): Promise<void> {
    return this.eraser.eraseMember(p, id);
  }
}

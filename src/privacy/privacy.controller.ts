import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { IdParamPipe } from '../common/http/params';
import { PartyExport, PrivacyService } from './privacy.service';

/**
 * A party's data on request, as one JSON document. Deletion on request is the DELETE of the
 * cluster or member, which also erases its vectors, suggestions, feedback, digests and
 * introductions.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1')
export class PrivacyController {
  constructor(@Inject(PrivacyService) private readonly privacy: PrivacyService) {}

  @Get('clusters/:id/export')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'The cluster’s data, its members’ and everything derived from it' })
  exportCluster(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
  ): Promise<PartyExport> {
    return this.privacy.exportCluster(p, id);
  }

  @Get('members/:id/export')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'The member’s data and everything derived from it' })
  exportMember(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
  ): Promise<PartyExport> {
    return this.privacy.exportMember(p, id);
  }
}

import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { Page } from '../common/http/pagination';
import { IdParamPipe } from '../common/http/params';
import { SuggestionPage, SuggestionQuery } from './suggestions.dto';
import { SuggestionView, SuggestionsService } from './suggestions.service';

/** Ranked, explained partner suggestions; computed on demand when missing or stale. */
@ApiTags('suggestions')
@ApiBearerAuth()
@Controller('v1')
export class SuggestionsController {
  constructor(@Inject(SuggestionsService) private readonly suggestions: SuggestionsService) {}

  @Get('clusters/:id/suggestions')
  @ApiOkResponse({ type: SuggestionPage })
  forCluster(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
    @Query() q: SuggestionQuery,
  ): Promise<Page<SuggestionView>> {
    return this.suggestions.listFor(
      p,
      `cluster:${id}`,
      { economy: q.economy, area: q.area },
      { limit: q.limit ?? 10, cursor: q.cursor },
    );
  }

  @Get('members/:id/suggestions')
  @ApiOkResponse({ type: SuggestionPage })
  forMember(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
    @Query() q: SuggestionQuery,
  ): Promise<Page<SuggestionView>> {
    return this.suggestions.listFor(
      p,
      `member:${id}`,
      { economy: q.economy, area: q.area },
      { limit: q.limit ?? 10, cursor: q.cursor },
    );
  }
}

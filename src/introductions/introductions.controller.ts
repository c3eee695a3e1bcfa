import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { Page, decodeCursor } from '../common/http/pagination';
import { IdParamPipe } from '../common/http/params';
import { IntroductionEvent } from './introduction';
import {
  CollaborationMapQuery,
  CollaborationMapResponse,
  IntroductionDecisionDto,
  IntroductionPage,
  IntroductionQuery,
  IntroductionRequestDto,
  IntroductionResponse,
} from './introductions.dto';
import { IntroductionRequests } from './introduction-requests';
import {
  CollaborationMap,
  CollaborationMapService,
  IntroductionStats,
  IntroductionStatsService,
} from './introduction-stats';
import { IntroductionView, IntroductionViews } from './introduction-views';

/** Introductions with double opt-in: ask, accept or decline, withdraw; the audit trail. */
@ApiTags('introductions')
@ApiBearerAuth()
@Controller('v1/introductions')
export class IntroductionsController {
  constructor(
    @Inject(IntroductionRequests) private readonly requests: IntroductionRequests,
    @Inject(IntroductionViews) private readonly views: IntroductionViews,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: IntroductionResponse })
  request(
    @CurrentPrincipal() p: Principal,
    @Body() body: IntroductionRequestDto,
  ): Promise<IntroductionView> {
    return this.requests.request(p, body);
  }

  @Get()
  @ApiOkResponse({ type: IntroductionPage })
  list(
    @CurrentPrincipal() p: Principal,
    @Query() q: IntroductionQuery,
  ): Promise<Page<IntroductionView>> {
    return this.views.list(
      p,
      { direction: q.direction, status: q.status, party: q.party },
      { limit: q.limit ?? 50, after: q.cursor ? decodeCursor(q.cursor) : undefined },
    );
  }

  @Get(':id')
  @ApiOkResponse({ type: IntroductionResponse })
  get(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
  ): Promise<IntroductionView> {
    return this.views.get(p, id);
  }

  @Get(':id/events')
  async events(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
  ): Promise<{ items: IntroductionEvent[] }> {
    return { items: await this.views.events(p, id) };
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: IntroductionResponse })
  accept(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
    @Body() body: IntroductionDecisionDto,
  ): Promise<IntroductionView> {
    return this.requests.decide(p, id, 'accepted', body.note ?? null);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOkResponse({ type: IntroductionResponse })
  decline(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
    @Body() body: IntroductionDecisionDto,
  ): Promise<IntroductionView> {
    return this.requests.decide(p, id, 'declined', body.note ?? null);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: IntroductionResponse })
  withdraw(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
    @Body() body: IntroductionDecisionDto,
  ): Promise<IntroductionView> {
    return this.requests.decide(p, id, 'withdrawn', body.note ?? null);
  }
}

/** Operators' view: introductions by economy pair, with acceptance rates. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('operator')
@Controller('v1/admin/introductions')
export class IntroductionStatsController {
  constructor(
    @Inject(IntroductionStatsService) private readonly intros: IntroductionStatsService,
  ) {}

  @Get('stats')
  stats(): Promise<IntroductionStats> {
    return this.intros.stats();
  }
}

/**
 * Operators' collaboration map: suggestions, introductions asked and accepted between economies,
 * with acceptance rates, filterable by area.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('operator')
@Controller('v1/admin/collaboration-map')
export class CollaborationMapController {
  constructor(@Inject(CollaborationMapService) private readonly maps: CollaborationMapService) {}

  @Get()
  @ApiOkResponse({ type: CollaborationMapResponse })
  map(@Query() q: CollaborationMapQuery): Promise<CollaborationMap> {
    return this.maps.map(q.area);
  }
}

import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { Page } from '../common/http/pagination';
import { IdParamPipe } from '../common/http/params';
import {
  ClusterListQuery,
  ClusterPage,
  ClusterResponse,
  CreateClusterDto,
  UpdateClusterDto,
} from './cluster.dto';
import { ClusterView, ClustersService } from './clusters.service';

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('v1/clusters')
export class ClustersController {
  constructor(@Inject(ClustersService) private readonly clusters: ClustersService) {}

  @Post()
  @ApiCreatedResponse({ type: ClusterResponse })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateClusterDto): Promise<ClusterView> {
    return this.clusters.create(p, body);
  }

  @Get()
  @ApiOkResponse({ type: ClusterPage })
  list(@CurrentPrincipal() p: Principal, @Query() q: ClusterListQuery): Promise<Page<ClusterView>> {
    return this.clusters.list(p, q);
  }

  @Get(':id')
  @ApiOkResponse({ type: ClusterResponse })
  get(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
  ): Promise<ClusterView> {
    return this.clusters.get(p, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ClusterResponse })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
    @Body() body: UpdateClusterDto,
  ): Promise<ClusterView> {
    return this.clusters.update(p, id, body);
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Page } from '../common/http/pagination';
import { IdParamPipe } from '../common/http/params';
import { Collaboration } from './collaboration';
import {
  CollaborationListQuery,
  CollaborationPage,
  CollaborationResponse,
  CreateCollaborationDto,
} from './collaboration.dto';
import { CollaborationsService } from './collaborations.service';

/** Who worked with whom, for the graph channel of matching. Operators only. */
@ApiTags('collaborations')
@ApiBearerAuth()
@Roles('operator')
@Controller('v1/collaborations')
export class CollaborationsController {
  constructor(
    @Inject(CollaborationsService) private readonly collaborations: CollaborationsService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CollaborationResponse })
  create(@Body() body: CreateCollaborationDto): Promise<Collaboration> {
    return this.collaborations.create(body);
  }

  @Get()
  @ApiOkResponse({ type: CollaborationPage })
  list(@Query() q: CollaborationListQuery): Promise<Page<Collaboration>> {
    return this.collaborations.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: CollaborationResponse })
  get(@Param('id', IdParamPipe) id: string): Promise<Collaboration> {
    return this.collaborations.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  delete(@Param('id', IdParamPipe) id: string): Promise<void> {
    return this.collaborations.delete(id);
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
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
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { Page } from '../common/http/pagination';
import { IdParamPipe } from '../common/http/params';
import { CreateItemDto, ItemListQuery, ItemPage, ItemResponse, UpdateItemDto } from './item.dto';
import { ItemView, ItemsService } from './items.service';

/** Collaboration items: the needs and offers of clusters and members. */
@ApiTags('items')
@ApiBearerAuth()
@Controller('v1/items')
export class ItemsController {
  constructor(@Inject(ItemsService) private readonly items: ItemsService) {}

  @Post()
  @ApiCreatedResponse({ type: ItemResponse })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateItemDto): Promise<ItemView> {
    return this.items.create(p, body);
  }

  @Get()
  @ApiOkResponse({ type: ItemPage })
  list(@Query() q: ItemListQuery): Promise<Page<ItemView>> {
    return this.items.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: ItemResponse })
  get(@Param('id', IdParamPipe) id: string): Promise<ItemView> {
    return this.items.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ItemResponse })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
    @Body() body: UpdateItemDto,
  ): Promise<ItemView> {
    return this.items.update(p, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  delete(@CurrentPrincipal() p: Principal, @Param('id', IdParamPipe) id: string): Promise<void> {
    return this.items.delete(p, id);
  }
}

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
import { Page, PageQuery, toPageRequest } from '../common/http/pagination';
import { IdParamPipe } from '../common/http/params';
import { ApiKey } from '../auth/api-key';
import { ApiKeyPage, ApiKeyResponse, ApiKeyWithToken, CreateApiKeyDto } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';

@ApiTags('api keys')
@ApiBearerAuth()
@Controller('v1')
export class ApiKeysController {
  constructor(@Inject(ApiKeysService) private readonly keys: ApiKeysService) {}

  @Get('me')
  @ApiOkResponse({ description: 'The role and scope of the calling key' })
  me(@CurrentPrincipal() p: Principal): Principal {
    return p;
  }

  @Post('api-keys')
  @Roles('operator')
  @ApiCreatedResponse({ type: ApiKeyWithToken })
  async create(@Body() body: CreateApiKeyDto): Promise<ApiKey & { token: string }> {
    const { key, token } = await this.keys.create(body);
    return { ...key, token };
  }

  @Get('api-keys')
  @Roles('operator')
  @ApiOkResponse({ type: ApiKeyPage })
  list(@Query() q: PageQuery): Promise<Page<ApiKey>> {
    return this.keys.list(toPageRequest(q));
  }

  @Get('api-keys/:id')
  @Roles('operator')
  @ApiOkResponse({ type: ApiKeyResponse })
  get(@Param('id', IdParamPipe) id: string): Promise<ApiKey> {
    return this.keys.get(id);
  }

  @Delete('api-keys/:id')
  @Roles('operator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: the key stops working at once' })
  revoke(@Param('id', IdParamPipe) id: string): Promise<void> {
    return this.keys.revoke(id);
  }

  @Post('api-keys/:id/rotate')
  @Roles('operator')
  @ApiCreatedResponse({
    type: ApiKeyWithToken,
    description: 'A new token for the same key; the old one stops working',
  })
  async rotate(@Param('id', IdParamPipe) id: string): Promise<ApiKey & { token: string }> {
    const { key, token } = await this.keys.rotate(id);
    return { ...key, token };
  }
}

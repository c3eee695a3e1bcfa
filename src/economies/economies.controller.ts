import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators';
import { EconomyCodePipe } from '../common/http/params';
import { EconomiesService } from './economies.service';
import { Economy } from './economy';
import { EconomyDto, EconomyResponse } from './economy.dto';

@ApiTags('economies')
@ApiBearerAuth()
@Controller('v1/economies')
export class EconomiesController {
  constructor(@Inject(EconomiesService) private readonly economies: EconomiesService) {}

  @Get()
  @ApiOkResponse({ type: [EconomyResponse] })
  async list(): Promise<{ items: Economy[] }> {
    return { items: await this.economies.list() };
  }

  @Get(':code')
  @ApiOkResponse({ type: EconomyResponse })
  get(@Param('code', EconomyCodePipe) code: string): Promise<Economy> {
    return this.economies.get(code);
  }

  @Put(':code')
  @Roles('operator')
  @ApiOkResponse({ type: EconomyResponse, description: 'Updated' })
  @ApiCreatedResponse({ type: EconomyResponse, description: 'Created (a guest economy)' })
  async put(
    @Param('code', EconomyCodePipe) code: string,
    @Body() body: EconomyDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Economy> {
    const { economy, outcome } = await this.economies.put(code, body);
    if (outcome === 'created') res.status(201);
    return economy;
  }

  @Delete(':code')
  @Roles('operator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (guest economies that nothing refers to)' })
  async delete(@Param('code', EconomyCodePipe) code: string): Promise<void> {
    await this.economies.delete(code);
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Put,
  Query,
  Res,
} from '@nestjs/common';
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
import { AcceptLanguage, AnswersInReaderLanguage } from '../i18n/accept-language.decorator';
import { economyName } from '../i18n/economy-names';
import { LanguageQuery } from '../i18n/language-query.dto';
import { Locale } from '../i18n/locales';
import { readerLocale } from '../i18n/reader-locale';
import { EconomiesService } from './economies.service';
import { Economy } from './economy';
import { EconomyDto, EconomyResponse } from './economy.dto';

type LocalEconomy = Economy & { localName: string };

const localized = (e: Economy, locale: Locale): LocalEconomy => ({
  ...e,
  localName: economyName(e.code, locale, e.name),
});

@ApiTags('economies')
@ApiBearerAuth()
@Controller('v1/economies')
export class EconomiesController {
  constructor(@Inject(EconomiesService) private readonly economies: EconomiesService) {}

  @Get()
  @ApiOkResponse({ type: [EconomyResponse] })
  @AnswersInReaderLanguage()
  async list(
    @Query() q: LanguageQuery,
    @AcceptLanguage() acceptLanguage: string | undefined,
  ): Promise<{ items: LocalEconomy[] }> {
    const locale = readerLocale(q.lang, acceptLanguage);
    return { items: (await this.economies.list()).map((e) => localized(e, locale)) };
  }

  @Get(':code')
  @ApiOkResponse({ type: EconomyResponse })
  @AnswersInReaderLanguage()
  async get(
    @Param('code', EconomyCodePipe) code: string,
    @Query() q: LanguageQuery,
    @AcceptLanguage() acceptLanguage: string | undefined,
  ): Promise<LocalEconomy> {
    return localized(await this.economies.get(code), readerLocale(q.lang, acceptLanguage));
  }

  @Put(':code')
  @Roles('operator')
  @ApiOkResponse({ type: EconomyResponse, description: 'Updated' })
  @ApiCreatedResponse({ type: EconomyResponse, description: 'Created (a guest economy)' })
  async put(
    @Param('code', EconomyCodePipe) code: string,
    @Body() body: EconomyDto,
    @Res({ passthrough: true }) res: Response,
    @AcceptLanguage() acceptLanguage: string | undefined,
  ): Promise<LocalEconomy> {
    const { economy, outcome } = await this.economies.put(code, body);
    if (outcome === 'created') res.status(201);
    return localized(economy, readerLocale(undefined, acceptLanguage));
  }

  @Delete(':code')
  @Roles('operator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (guest economies that nothing refers to)' })
  async delete(@Param('code', EconomyCodePipe) code: string): Promise<void> {
    await this.economies.delete(code);
  }
}

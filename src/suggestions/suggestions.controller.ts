import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { Page } from '../common/http/pagination';
import { AcceptLanguage, AnswersInReaderLanguage } from '../i18n/accept-language.decorator';
import { readerLocale } from '../i18n/reader-locale';
import { IdParamPipe } from '../common/http/params';
import { JobName, JobQueue } from '../jobs/jobs';
import { Feedback } from './suggestion';
import { FeedbackDto, ScorePartResponse, SuggestionPage, SuggestionQuery } from './suggestions.dto';
import { SuggestionView, SuggestionsService } from './suggestions.service';

/** Ranked, explained partner suggestions; computed on demand when missing or stale. */
@ApiTags('suggestions')
@ApiExtraModels(ScorePartResponse)
@ApiBearerAuth()
@Controller('v1')
export class SuggestionsController {
  private readonly logger = new Logger(SuggestionsController.name);

  constructor(
    @Inject(SuggestionsService) private readonly suggestions: SuggestionsService,
    @Inject(JobQueue) private readonly queue: JobQueue,
  ) {}

  @Get('clusters/:id/suggestions')
  @ApiOkResponse({ type: SuggestionPage })
  @AnswersInReaderLanguage()
  forCluster(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
    @Query() q: SuggestionQuery,
    @AcceptLanguage() acceptLanguage: string | undefined,
  ): Promise<Page<SuggestionView> & { refreshing: boolean }> {
    return this.suggestions.listFor(
      p,
      `cluster:${id}`,
      { economy: q.economy, area: q.area },
      { limit: q.limit ?? 10, cursor: q.cursor },
      readerLocale(q.lang, acceptLanguage),
    );
  }

  @Get('members/:id/suggestions')
  @ApiOkResponse({ type: SuggestionPage })
  @AnswersInReaderLanguage()
  forMember(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
    @Query() q: SuggestionQuery,
    @AcceptLanguage() acceptLanguage: string | undefined,
  ): Promise<Page<SuggestionView> & { refreshing: boolean }> {
    return this.suggestions.listFor(
      p,
      `member:${id}`,
      { economy: q.economy, area: q.area },
      { limit: q.limit ?? 10, cursor: q.cursor },
      readerLocale(q.lang, acceptLanguage),
    );
  }

  /** What the subject says about a suggested partner; it shows on reads and changes the next ranking. */
  @Post('suggestions/:id/feedback')
  @HttpCode(200)
  async feedback(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: FeedbackDto,
  ): Promise<Feedback> {
    const feedback = await this.suggestions.giveFeedback(p, id, body.status, body.reason ?? null);
    // The next read recomputes anyway (feedback makes the list stale); the job does it ahead of time.
    await this.queue
      .enqueue(JobName.MatchSubject, { subjectKey: feedback.subjectKey, minSeq: 0, force: true })
      .catch((error: unknown) =>
        this.logger.warn(
          { err: (error as Error).message },
          'could not queue the recompute after feedback',
        ),
      );
    return feedback;
  }
}

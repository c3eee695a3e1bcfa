import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Logger,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { invalidInput } from '../common/errors/domain-error';
import { ComposedDigest, DigestService, Recipient } from '../digests/digest.service';
import { escapeHtml } from '../digests/digest-email';
import { timezoneProblems } from '../economies/economies.service';
import { JobName, JobQueue } from '../jobs/jobs';
import { Feedback } from '../suggestions/suggestion';
import { SuggestionsService } from '../suggestions/suggestions.service';
import {
  DigestSettingsDto,
  FeedbackDto,
  RecipientQuery,
  RecipientResponse,
  UnsubscribeQuery,
} from './delivery.dto';

const RECIPIENT = /^(cluster|member):[\x21-\x7e]{1,64}$/;

function checkRecipient(key: string, field: string): string {
  if (!RECIPIENT.test(key))
    throw invalidInput('VALIDATION.FAILED', [
      { field, reason: 'must be cluster:<id> or member:<id>' },
    ]);
  return key;
}

/** Feedback on suggestions, digest settings and previews. */
@ApiTags('delivery')
@ApiBearerAuth()
@Controller('v1')
export class DeliveryController {
  private readonly logger = new Logger(DeliveryController.name);

  constructor(
    @Inject(SuggestionsService) private readonly suggestions: SuggestionsService,
    @Inject(DigestService) private readonly digests: DigestService,
    @Inject(JobQueue) private readonly queue: JobQueue,
  ) {}

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

  @Get('digest-settings/:recipient')
  @ApiOkResponse({ type: RecipientResponse })
  async settings(
    @CurrentPrincipal() p: Principal,
    @Param('recipient') recipient: string,
  ): Promise<Recipient> {
    await this.suggestions.authorize(p, checkRecipient(recipient, 'recipient'));
    return this.digests.recipient(recipient);
  }

  @Put('digest-settings/:recipient')
  @ApiOkResponse({ type: RecipientResponse })
  async saveSettings(
    @CurrentPrincipal() p: Principal,
    @Param('recipient') recipient: string,
    @Body() body: DigestSettingsDto,
  ): Promise<Recipient> {
    await this.suggestions.authorize(p, checkRecipient(recipient, 'recipient'));
    if (body.timezone) {
      const problems = timezoneProblems(body.timezone);
      if (problems.length) throw invalidInput('VALIDATION.FAILED', problems);
    }
    return this.digests.saveSettings(recipient, body);
  }

  /** The recipient's next digest, rendered (nothing is sent). */
  @Get('digests/preview')
  async preview(
    @CurrentPrincipal() p: Principal,
    @Query() q: RecipientQuery,
  ): Promise<ComposedDigest> {
    await this.suggestions.authorize(p, checkRecipient(q.recipient, 'recipient'));
    return this.digests.preview(q.recipient);
  }
}

/**
 * One-click unsubscribe (RFC 8058): the link in every digest, signed, no login. GET shows a page
 * with a button (link scanners follow GETs); POST — what mail clients send with
 * List-Unsubscribe-Post — unsubscribes.
 */
@ApiTags('delivery')
@Controller('v1/unsubscribe')
export class UnsubscribeController {
  constructor(@Inject(DigestService) private readonly digests: DigestService) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async confirm(@Query() q: UnsubscribeQuery): Promise<string> {
    const r = await this.digests.unsubscribeTarget(
      checkRecipient(q.recipient, 'recipient'),
      q.signature,
    );
    const action = `/v1/unsubscribe?recipient=${encodeURIComponent(q.recipient)}&signature=${encodeURIComponent(q.signature)}`;
    return page(
      `Unsubscribe ${escapeHtml(r.name)} from PEC Match digests?`,
      `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  }

  @Post()
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  async unsubscribe(@Query() q: UnsubscribeQuery): Promise<string> {
    const r = await this.digests.unsubscribe(checkRecipient(q.recipient, 'recipient'), q.signature);
    return page(
      'Unsubscribed',
      `${escapeHtml(r.name)} will not receive PEC Match digests any more.`,
    );
  }
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:Arial,sans-serif;max-width:560px;margin:40px auto;"><h1 style="font-size:20px;">${title}</h1><p>${body}</p></body></html>`;
}

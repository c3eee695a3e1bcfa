import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { invalidInput } from '../common/errors/domain-error';
import { timezoneProblems } from '../economies/economies.service';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { ComposedDigest, DigestComposer } from './digest-composer';
import { renderPage } from '../i18n/email-templates';
import { translator } from '../i18n/translations';
import { DigestRecipients, Recipient } from './digest-recipients';
import {
  DigestPreviewResponse,
  DigestSettingsDto,
  RecipientQuery,
  RecipientResponse,
  UnsubscribeQuery,
} from './digests.dto';

const RECIPIENT = /^(cluster|member):[\x21-\x7e]{1,64}$/;

function checkRecipient(key: string, field: string): string {
  if (!RECIPIENT.test(key))
    throw invalidInput('VALIDATION.FAILED', [
      { field, reason: 'must be cluster:<id> or member:<id>' },
    ]);
  return key;
}

/** Digest settings and previews, for the recipient's managers and operators. */
@ApiTags('delivery')
@ApiBearerAuth()
@Controller('v1')
export class DigestsController {
  constructor(
    @Inject(SuggestionsService) private readonly suggestions: SuggestionsService,
    @Inject(DigestRecipients) private readonly recipients: DigestRecipients,
    @Inject(DigestComposer) private readonly composer: DigestComposer,
  ) {}

  @Get('digest-settings/:recipient')
  @ApiOkResponse({ type: RecipientResponse })
  async settings(
    @CurrentPrincipal() p: Principal,
    @Param('recipient') recipient: string,
  ): Promise<Recipient> {
    await this.suggestions.authorize(p, checkRecipient(recipient, 'recipient'));
    return this.recipients.recipient(recipient);
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
    return this.recipients.saveSettings(recipient, body);
  }

  /** The recipient's next digest, rendered (nothing is sent). */
  @Get('digests/preview')
  @ApiOkResponse({ type: DigestPreviewResponse })
  async preview(
    @CurrentPrincipal() p: Principal,
    @Query() q: RecipientQuery,
  ): Promise<ComposedDigest> {
    await this.suggestions.authorize(p, checkRecipient(q.recipient, 'recipient'));
    return this.composer.preview(q.recipient);
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
  constructor(@Inject(DigestRecipients) private readonly digests: DigestRecipients) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async confirm(@Query() q: UnsubscribeQuery): Promise<string> {
    const r = await this.digests.unsubscribeTarget(
      checkRecipient(q.recipient, 'recipient'),
      q.signature,
    );
    const t = translator(r.language, 'email');
    return renderPage({
      lang: r.language,
      title: t('unsubscribe.confirmTitle', { name: r.name }),
      action: `/v1/unsubscribe?recipient=${encodeURIComponent(q.recipient)}&signature=${encodeURIComponent(q.signature)}`,
      button: t('unsubscribe.confirmAction'),
    });
  }

  @Post()
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  async unsubscribe(@Query() q: UnsubscribeQuery): Promise<string> {
    const r = await this.digests.unsubscribe(checkRecipient(q.recipient, 'recipient'), q.signature);
    const t = translator(r.language, 'email');
    return renderPage({
      lang: r.language,
      title: t('unsubscribe.doneTitle'),
      body: t('unsubscribe.doneBody', { name: r.name }),
    });
  }
}

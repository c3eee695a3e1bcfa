import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedRequest, Public, SessionRoute } from '../auth/auth.decorators';
import { CSRF_COOKIE, SESSION_COOKIE, Session } from '../auth/session';
import { DomainError } from '../common/errors/domain-error';
import { AcceptLanguage, AnswersInReaderLanguage } from '../i18n/accept-language.decorator';
import { readerLocale } from '../i18n/reader-locale';
import { ChoosePartyDto, EmailLinkDto, KeySessionDto, SessionResponse } from './session.dto';
import { SessionService } from './session.service';

/**
 * Browser sign-in. The session is an HttpOnly cookie (SameSite=Lax, Secure behind https); the
 * CSRF token travels in a second cookie the app can read and must come back in X-CSRF-Token.
 */
@ApiTags('sessions')
@Controller('v1/auth')
export class SessionsController {
  constructor(@Inject(SessionService) private readonly service: SessionService) {}

  @Public()
  @AnswersInReaderLanguage()
  @Post('email-link')
  @HttpCode(202)
  @ApiAcceptedResponse({
    description: 'Always, known address or not: a link goes out only to a contact address',
  })
  async requestLink(
    @Body() dto: EmailLinkDto,
    @AcceptLanguage() acceptLanguage: string | undefined,
  ): Promise<{ status: 'accepted' }> {
    // The email speaks the language the browser asked in (the app sends its own).
    await this.service.requestLink(
      dto.email,
      dto.returnTo ?? null,
      readerLocale(undefined, acceptLanguage),
    );
    return { status: 'accepted' };
  }

  /** The link from the email: sets the session and goes into the app (303), or to sign-in with an error. */
  @Public()
  @Get('callback')
  async callback(
    @Query('token') token: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (typeof token !== 'string' || !/^[\w-]{16,128}$/.test(token)) {
      res.redirect(303, '/sign-in?error=link-invalid');
      return;
    }
    try {
      const made = await this.service.signInWithLink(token);
      setCookies(req, res, made.token, made.session);
      res.redirect(303, made.session.principal ? (made.returnTo ?? '/') : '/choose-party');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'AUTH.LINK_INVALID') {
        res.redirect(303, '/sign-in?error=link-invalid');
        return;
      }
      throw error;
    }
  }

  @Public()
  @Post('session')
  @ApiCreatedResponse({ type: SessionResponse })
  async signIn(
    @Body() dto: KeySessionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionResponse> {
    const made = await this.service.signInWithKey(dto.apiKey);
    setCookies(req, res, made.token, made.session);
    return view(made.session);
  }

  @SessionRoute()
  @Get('session')
  @ApiOkResponse({ type: SessionResponse })
  current(@Req() req: AuthenticatedRequest): SessionResponse {
    return view(sessionOf(req));
  }

  @SessionRoute()
  @Post('session/party')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse })
  async choose(
    @Body() dto: ChoosePartyDto,
    @Req() req: AuthenticatedRequest,
  ): Promise<SessionResponse> {
    return view(await this.service.choose(sessionOf(req), dto.partyKey));
  }

  @SessionRoute()
  @Delete('session')
  @HttpCode(204)
  @ApiNoContentResponse()
  async signOut(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.service.signOut(sessionOf(req));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
  }
}

function sessionOf(req: AuthenticatedRequest): Session {
  if (!req.session)
    throw new DomainError(
      'AUTH.NO_SESSION',
      'unauthenticated',
      'This route is for a browser session: sign in first (bearer keys have none)',
    );
  return req.session;
}

function setCookies(req: Request, res: Response, token: string, session: Session): void {
  const common = {
    sameSite: 'lax' as const,
    secure: req.secure,
    path: '/',
    expires: new Date(session.expiresAt),
  };
  res.cookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  res.cookie(CSRF_COOKIE, session.csrfToken, common);
}

function view(s: Session): SessionResponse {
  // The party a session acts as: a member, or the one cluster of a contact's session (a session
  // from a cluster manager's key may span several clusters, and names none).
  const p = s.principal;
  const partyKey = p?.memberId
    ? `member:${p.memberId}`
    : p && s.kind === 'email'
      ? `cluster:${p.clusterIds[0]}`
      : null;
  return {
    kind: s.kind,
    role: s.principal?.role ?? null,
    partyKey,
    choices: s.choices,
    email: s.email,
    csrfToken: s.csrfToken,
    expiresAt: s.expiresAt,
  };
}

import { Body, Controller, Get, HttpCode, Inject, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { invalidInput } from '../common/errors/domain-error';
import { MatchCriteria } from '../matching/criteria';
import { CriteriaAuditEntry } from './criteria.repository';
import { CriteriaAuditPage, CriteriaDraftDto, CriteriaResponse } from './criteria.dto';
import { CriteriaService } from './criteria.service';

const version = new ParseIntPipe({
  exceptionFactory: () =>
    invalidInput('VALIDATION.FAILED', [{ field: 'version', reason: 'must be an integer' }]),
});

/** Match criteria: versioned weights and rules; exactly one version is active. Operators only. */
@ApiTags('match criteria')
@ApiBearerAuth()
@Roles('operator')
@Controller('v1/match-criteria')
export class CriteriaController {
  constructor(@Inject(CriteriaService) private readonly criteria: CriteriaService) {}

  @Get()
  @ApiOkResponse({ type: [CriteriaResponse] })
  async list(): Promise<{ items: MatchCriteria[] }> {
    return { items: await this.criteria.list() };
  }

  @Get('active')
  @ApiOkResponse({ type: CriteriaResponse })
  active(): Promise<MatchCriteria> {
    return this.criteria.active();
  }

  @Get('audit')
  @ApiOkResponse({ type: CriteriaAuditPage })
  async audit(): Promise<{ items: CriteriaAuditEntry[] }> {
    return { items: await this.criteria.audit() };
  }

  @Get(':version')
  @ApiOkResponse({ type: CriteriaResponse })
  get(@Param('version', version) v: number): Promise<MatchCriteria> {
    return this.criteria.get(v);
  }

  /** A new draft: the given weights and rules over the base version's (default: the active one). */
  @Post()
  @ApiCreatedResponse({ type: CriteriaResponse })
  create(@CurrentPrincipal() p: Principal, @Body() body: CriteriaDraftDto): Promise<MatchCriteria> {
    return this.criteria.createDraft(p, body);
  }

  @Post(':version/activate')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The version is active; the previous one is retired. Audited.' })
  activate(
    @CurrentPrincipal() p: Principal,
    @Param('version', version) v: number,
  ): Promise<{ active: MatchCriteria; previous: number | null }> {
    return this.criteria.activate(p, v);
  }
}

import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { CriteriaFit } from './criteria-fit';
import { FitDto, FitResponse } from './fit.dto';
import { PreviewDto, PreviewReportResponse } from './preview.dto';
import { PreviewReport, PreviewService } from './preview.service';

/** Measuring match criteria before anyone activates them. Operators only. */
@ApiTags('match criteria')
@ApiBearerAuth()
@Roles('operator')
@Controller('v1/match-criteria')
export class EvaluationController {
  constructor(
    @Inject(PreviewService) private readonly previews: PreviewService,
    @Inject(CriteriaFit) private readonly fits: CriteriaFit,
  ) {}

  /** Runs a draft (or a stored version) against the active version on a sample of subjects. */
  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({ type: PreviewReportResponse })
  preview(@Body() body: PreviewDto): Promise<PreviewReport> {
    return this.previews.preview(body);
  }

  /**
   * Fits the weights to labelled outcomes (or an uploaded gold file) and stores the result as a
   * draft, with its offline nDCG beside the base version's. Never activates anything.
   */
  @Post('fit')
  @HttpCode(201)
  @ApiCreatedResponse({ type: FitResponse })
  fit(@CurrentPrincipal() p: Principal, @Body() body: FitDto): Promise<FitResponse> {
    return this.fits.fit(p, body);
  }
}

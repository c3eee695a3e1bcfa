import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { PreviewDto } from './preview.dto';
import { PreviewReport, PreviewService } from './preview.service';

/** Measuring match criteria before anyone activates them. Operators only. */
@ApiTags('match criteria')
@ApiBearerAuth()
@Roles('operator')
@Controller('v1/match-criteria')
export class EvaluationController {
  constructor(@Inject(PreviewService) private readonly previews: PreviewService) {}

  /** Runs a draft (or a stored version) against the active version on a sample of subjects. */
  @Post('preview')
  @HttpCode(200)
  preview(@Body() body: PreviewDto): Promise<PreviewReport> {
    return this.previews.preview(body);
  }
}

import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators';
import { Metrics } from '../common/metrics/metrics';

/**
 * Prometheus exposition of this process (prom-client): request durations by route and status,
 * queue depths and job durations by queue, event-loop delay, index sizes and lag, embedding lag,
 * import line counts, and Node's own series. Behind an operator key, like the rest of the
 * operators' view (docs/decisions.md: a scraper sends `Authorization: Bearer <operator key>`).
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('operator')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4' })
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.scrape();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', contentType);
    res.end(body);
  }
}

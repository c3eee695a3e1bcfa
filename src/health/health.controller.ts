import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { StoreConnection } from '../infra/store-connection';

/** Liveness and readiness: 200 when the store answers, 503 when it does not. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(StoreConnection) private readonly store: StoreConnection) {}

  @Get()
  @Public()
  @SkipThrottle() // probes and monitors poll it
  async health(@Res({ passthrough: true }) res: Response) {
    const started = Date.now();
    try {
      await this.store.ping();
      return {
        status: 'ok',
        store: { kind: this.store.kind, status: 'ok', latencyMs: Date.now() - started },
      };
    } catch {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable', store: { kind: this.store.kind, status: 'unavailable' } };
    }
  }
}

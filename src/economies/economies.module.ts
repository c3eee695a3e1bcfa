import { Module } from '@nestjs/common';
import { EconomiesController } from './economies.controller';
import { EconomiesService } from './economies.service';

@Module({
  controllers: [EconomiesController],
  providers: [EconomiesService],
  exports: [EconomiesService],
})
export class EconomiesModule {}

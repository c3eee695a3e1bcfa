import { Module } from '@nestjs/common';
import { SectorInference } from './sector-inference.service';
import { SectorsController } from './sectors.controller';

@Module({
  controllers: [SectorsController],
  providers: [SectorInference],
  exports: [SectorInference],
})
export class SectorsModule {}

import { Module } from '@nestjs/common';
import { MatchingModule } from '../matching/matching.module';
import { DeliveryController, UnsubscribeController } from './delivery.controller';

@Module({ imports: [MatchingModule], controllers: [DeliveryController, UnsubscribeController] })
export class DeliveryModule {}

import { Module } from '@nestjs/common';
import { IntroductionStatsController, IntroductionsController } from './introductions.controller';

/** The introductions API (the service lives with the jobs, which send its emails). */
@Module({ controllers: [IntroductionsController, IntroductionStatsController] })
export class IntroductionsModule {}

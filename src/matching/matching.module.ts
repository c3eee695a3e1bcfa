import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { PartiesModule } from '../parties/parties.module';
import { MatchingEngine } from './matching-engine';

/**
 * The matching engine: retrieval, hard rules, scoring, diversity and explanation. Its core files
 * are plain functions over plain data; the engine is the one class that reads the index replica
 * and the party directory.
 */
@Module({
  imports: [PartiesModule, CollaborationsModule],
  providers: [MatchingEngine],
  exports: [MatchingEngine],
})
export class MatchingModule {}

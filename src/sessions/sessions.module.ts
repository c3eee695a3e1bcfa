import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { MailModule } from '../mail/mail.module';
import { MembersModule } from '../members/members.module';
import { SessionService } from './session.service';
import { SessionsController } from './sessions.controller';

/** Browser sign-in: one-time email links for contacts, API keys exchanged for a session. */
@Module({
  imports: [AuthModule, ClustersModule, MembersModule, MailModule],
  controllers: [SessionsController],
  providers: [SessionService],
})
export class SessionsModule {}

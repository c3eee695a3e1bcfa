import { Module } from '@nestjs/common';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

@Module({ providers: [PrivacyService], controllers: [PrivacyController] })
export class PrivacyModule {}

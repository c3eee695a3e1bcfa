import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { Mailer } from './mailer';
import { FileOutboxMailer, SmtpMailer } from './nodemailer-mailers';

@Injectable()
class MailerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.mailer.close();
  }
}

/** The mailer: SMTP when SMTP_URL is set, else a folder of .eml files (the embedded default). */
@Module({
  providers: [
    {
      provide: Mailer,
      useFactory: (config: AppConfig) =>
        config.mail.smtpUrl
          ? new SmtpMailer(config.mail.smtpUrl, config.mail.from)
          : new FileOutboxMailer(config.mail.outboxDir, config.mail.from),
      inject: [APP_CONFIG],
    },
    MailerLifecycle,
  ],
  exports: [Mailer],
})
export class MailModule {}

import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { AlertFeed } from './alert-feed';
import { AlertsHttpController } from './alerts.http.controller';
import { OutboxRelay } from './outbox-relay';

@Module({
  imports: [ProjectionsModule],
  controllers: [AlertsHttpController],
  providers: [AlertFeed, OutboxRelay],
  exports: [AlertFeed],
})
export class AlertsModule {}

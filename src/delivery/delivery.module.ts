import { Module, OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '../observability/health';
import { Metrics } from '../observability/metrics';
import { AlertmanagerDelivery } from './alertmanager.delivery';
import { SilencesHttpController } from './silences.http.controller';
import { WebhookDelivery } from './webhook.delivery';

/** Alert delivery beyond Kafka and SSE (CONTRACT section 7): Alertmanager and signed webhooks, both from the store. */
@Module({
  controllers: [SilencesHttpController],
  providers: [AlertmanagerDelivery, WebhookDelivery],
})
export class DeliveryModule implements OnModuleInit {
  constructor(
    private readonly alertmanager: AlertmanagerDelivery,
    private readonly webhooks: WebhookDelivery,
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.health.register('alertmanager', () => this.alertmanager.health());
    this.health.register('webhooks', () => this.webhooks.health());
    this.metrics.notificationBacklogs = async () => {
      const [alertmanager, webhook] = await Promise.all([this.alertmanager.backlog(), this.webhooks.backlog()]);
      return { alertmanager, webhook };
    };
  }
}

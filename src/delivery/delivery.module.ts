import { Module, OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '../observability/health';
import { Metrics } from '../observability/metrics';
import { AlertmanagerDelivery } from './alertmanager.delivery';

/** Alert delivery beyond Kafka and SSE (CONTRACT section 7): Alertmanager, from the store. */
@Module({
  providers: [AlertmanagerDelivery],
})
export class DeliveryModule implements OnModuleInit {
  constructor(
    private readonly alertmanager: AlertmanagerDelivery,
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.health.register('alertmanager', () => this.alertmanager.health());
    this.metrics.notificationBacklogs = async () => ({ alertmanager: await this.alertmanager.backlog() });
  }
}

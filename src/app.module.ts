import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Logger } from 'pino';
import { Clock } from './config/clock';
import { Config } from './config/config';
import { CoreModule } from './config/core.module';
import { DatabaseModule } from './database/database.module';
import { EventStoreModule } from './event-store/event-store.module';
import { ObservabilityModule } from './observability/observability.module';
import { ObservationsModule } from './observations/observations.module';
import { AccordsModule } from './accords/accords.module';
import { AlertsModule } from './alerts/alerts.module';
import { ProjectionsModule } from './projections/projections.module';
import { KafkaModule } from './kafka/kafka.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DeliveryModule } from './delivery/delivery.module';

@Module({})
export class AppModule {
  static forRoot(config: Config, logger: Logger, clock: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger, clock),
        CqrsModule.forRoot(),
        DatabaseModule,
        EventStoreModule,
        KafkaModule,
        ObservabilityModule,
        ObservationsModule,
        ProjectionsModule,
        AccordsModule,
        AlertsModule,
        DashboardModule,
        DeliveryModule,
      ],
    };
  }
}

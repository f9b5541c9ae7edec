import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IntakeHandler } from './intake.handler';
import { ObservationsHttpController } from './observations.http.controller';

@Module({
  imports: [CqrsModule],
  controllers: [ObservationsHttpController],
  providers: [IntakeHandler],
})
export class ObservationsModule {}

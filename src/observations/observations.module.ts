import { Module } from '@nestjs/common';
import { IntakeModule } from './intake.module';
import { ObservationsHttpController } from './observations.http.controller';

@Module({
  imports: [IntakeModule],
  controllers: [ObservationsHttpController],
})
export class ObservationsModule {}

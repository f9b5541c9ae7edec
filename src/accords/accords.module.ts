import { Module } from '@nestjs/common';
import { ComplianceReader } from '../read-model/compliance.reader';
import { ProjectionsModule } from '../projections/projections.module';
import { AccordsHttpController } from './accords.http.controller';
import { AccordsService } from './accords.service';

@Module({
  imports: [ProjectionsModule],
  controllers: [AccordsHttpController],
  providers: [AccordsService, ComplianceReader],
  exports: [AccordsService],
})
export class AccordsModule {}

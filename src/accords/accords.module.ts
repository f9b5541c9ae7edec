import { Module } from '@nestjs/common';
import { ComplianceReader } from '../read-model/compliance.reader';
import { ProjectionsModule } from '../projections/projections.module';
import { AccordSchemaController } from './accord-schema.controller';
import { AccordsHttpController } from './accords.http.controller';
import { AccordsService } from './accords.service';

@Module({
  imports: [ProjectionsModule],
  controllers: [AccordsHttpController, AccordSchemaController],
  providers: [AccordsService, ComplianceReader],
  exports: [AccordsService],
})
export class AccordsModule {}

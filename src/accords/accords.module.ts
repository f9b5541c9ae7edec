import { Module } from '@nestjs/common';
import { ComplianceReader } from '../read-model/compliance.reader';
import { EvidenceReader } from '../read-model/evidence.reader';
import { ProjectionsModule } from '../projections/projections.module';
import { AccordSchemaController } from './accord-schema.controller';
import { AccordsHttpController } from './accords.http.controller';
import { AccordsService } from './accords.service';
import { EvidenceHttpController } from './evidence.http.controller';

@Module({
  imports: [ProjectionsModule],
  controllers: [AccordsHttpController, EvidenceHttpController, AccordSchemaController],
  providers: [AccordsService, ComplianceReader, EvidenceReader],
  exports: [AccordsService],
})
export class AccordsModule {}

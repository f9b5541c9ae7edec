import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { observationSchema } from './observation';

/** Generated from the validator's own definition, so the published schema cannot drift from it. */
export const OBSERVATION_JSON_SCHEMA = {
  $id: '/schemas/observation.json',
  title: 'ceasefire-monitor observation (incident, aggregate or retraction)',
  ...z.toJSONSchema(observationSchema, { unrepresentable: 'any', io: 'input' }),
};

@ApiTags('observations')
@Controller('schemas')
export class ObservationSchemaController {
  @Get('observation.json')
  @Header('content-type', 'application/schema+json')
  @ApiOperation({ summary: 'The JSON Schema of an observation, generated from the validator' })
  observation() {
    return OBSERVATION_JSON_SCHEMA;
  }
}

import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { accordSchema } from './accord.schema';

/** Generated from the validator, so an editor checking against it accepts what PUT /accords/{id} accepts. */
export const ACCORD_JSON_SCHEMA = {
  $id: '/schemas/accord.json',
  title: 'ceasefire-monitor accord document (ACCORDS_DIR files, PUT /accords/{id})',
  ...z.toJSONSchema(accordSchema, { unrepresentable: 'any', io: 'input' }),
};

@ApiTags('accords')
@Controller('schemas')
export class AccordSchemaController {
  @Get('accord.json')
  @Header('content-type', 'application/schema+json')
  @ApiOperation({ summary: 'The JSON Schema of an accord document, generated from the validator' })
  accord() {
    return ACCORD_JSON_SCHEMA;
  }
}

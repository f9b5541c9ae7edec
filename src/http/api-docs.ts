import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI at /docs (UI, assets served locally by swagger-ui-dist) and /docs-json. */
export function mountApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('ceasefire-monitor')
    .setDescription(
      'Observations in; accords, compliance verdicts per source and overall, rolling windows and alerts out. ' +
        'Message shapes: /schemas/observation.json and asyncapi.yaml in the repository.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }, 'api-key')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'ceasefire-monitor API' });
}

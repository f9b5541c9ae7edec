import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IntakeHandler } from './intake.handler';

/** The one intake handler, shared by the HTTP and Kafka adapters and by the CLI. */
@Module({ imports: [CqrsModule], providers: [IntakeHandler] })
export class IntakeModule {}

import { Module } from '@nestjs/common';
import { IntakeHold } from './intake-hold.service';

/** Intake's bound on its lead over the projector, shared by the Kafka and HTTP adapters. */
@Module({ providers: [IntakeHold], exports: [IntakeHold] })
export class BackpressureModule {}

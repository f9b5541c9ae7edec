import { Global, Module } from '@nestjs/common';
import { BlockerWatch } from './blocker-watch';
import { EventStore } from './event-store';

@Global()
@Module({ providers: [EventStore, BlockerWatch], exports: [EventStore] })
export class EventStoreModule {}

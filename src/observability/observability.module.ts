import { Module } from '@nestjs/common';
import { ObservabilityController } from './observability.controller';
import { StorePositions } from './store-positions';

@Module({ controllers: [ObservabilityController], providers: [StorePositions] })
export class ObservabilityModule {}

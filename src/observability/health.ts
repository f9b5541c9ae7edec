import { Injectable } from '@nestjs/common';

export type ComponentState = {
  status: 'up' | 'down' | 'degraded' | 'disabled';
  detail?: string;
  /** for work one instance does at a time (a projector shard): which instance does it, and how far behind the store it is */
  holder?: string | null;
  lag?: number;
};
export type HealthCheck = () => Promise<ComponentState> | ComponentState;

/** Components (database, kafka, projector...) register a check; /health reports them all. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async report(): Promise<{ status: 'ok' | 'degraded' | 'down'; components: Record<string, ComponentState> }> {
    const components: Record<string, ComponentState> = {};
    for (const [name, check] of this.checks) {
      try {
        components[name] = await withTimeout(Promise.resolve(check()), 2000);
      } catch (error) {
        components[name] = { status: 'down', detail: (error as Error).message };
      }
    }
    const states = Object.values(components).map((c) => c.status);
    const status =
      components.database?.status === 'down' ? 'down' : states.some((s) => s === 'down' || s === 'degraded') ? 'degraded' : 'ok';
    return { status, components };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

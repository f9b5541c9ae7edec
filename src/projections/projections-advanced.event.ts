/** Published on the local event bus after the projector commits a batch, so the outbox relay wakes at once. */
export class ProjectionsAdvanced {
  constructor(readonly events: number) {}
}

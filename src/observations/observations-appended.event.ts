/** Published on the local event bus after a batch commits, so the projector wakes at once. */
export class ObservationsAppended {
  constructor(readonly accepted: number) {}
}

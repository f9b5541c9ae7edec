/**
 * One lane per partition: its units of work (store a batch, commit its offsets) run one at a
 * time, in the order queued, each only if the unit before it succeeded. So a partition's
 * offsets are committed in order and never past a batch that was not stored, while the
 * consumer goes on fetching and validating the next batch.
 */
export class PartitionLanes {
  private readonly tails = new Map<string, Promise<boolean>>();

  /**
   * Queues `work` (which reports failure by resolving false, never by rejecting) behind the
   * lane's last unit, and resolves once that unit has finished: true if it succeeded, and
   * `work` has then started; false if it failed, and `work` then does not run and the lane
   * starts afresh.
   */
  async enqueue(lane: string, work: () => Promise<boolean>): Promise<boolean> {
    const previous = this.tails.get(lane) ?? Promise.resolve(true);
    const unit = previous.then((succeeded) => succeeded && work());
    this.tails.set(lane, unit);
    const succeeded = await previous;
    if (!succeeded && this.tails.get(lane) === unit) this.tails.delete(lane);
    return succeeded;
  }

  /** Resolves once every unit queued so far has finished. */
  async drain(): Promise<void> {
    await Promise.all(this.tails.values());
  }
}

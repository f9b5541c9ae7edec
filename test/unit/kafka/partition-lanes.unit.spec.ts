import { PartitionLanes } from '../../../src/kafka/partition-lanes';

/** A unit of work that finishes when told to, with the result it is given. */
function deferred() {
  let finish!: (succeeded: boolean) => void;
  const done = new Promise<boolean>((resolve) => (finish = resolve));
  const started = { value: false };
  return { started, finish, work: () => ((started.value = true), done) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('partition lanes', () => {
  it('starts a unit at once on an idle lane and resolves without waiting for it', async () => {
    const lanes = new PartitionLanes();
    const first = deferred();
    await expect(lanes.enqueue('p0', first.work)).resolves.toBe(true);
    expect(first.started.value).toBe(true);
    first.finish(true);
  });

  it('runs a lane one unit at a time, in order, each caller waiting for the unit before its own', async () => {
    const lanes = new PartitionLanes();
    const first = deferred();
    const second = deferred();
    await lanes.enqueue('p0', first.work);
    let secondQueued = false;
    const queued = lanes.enqueue('p0', second.work).then((succeeded) => ((secondQueued = true), succeeded));
    await settled();
    expect(second.started.value).toBe(false);
    expect(secondQueued).toBe(false);
    first.finish(true);
    await expect(queued).resolves.toBe(true);
    expect(second.started.value).toBe(true);
    second.finish(true);
  });

  it('keeps lanes apart: a slow partition does not hold up another', async () => {
    const lanes = new PartitionLanes();
    const slow = deferred();
    const other = deferred();
    await lanes.enqueue('p0', slow.work);
    await expect(lanes.enqueue('p1', other.work)).resolves.toBe(true);
    expect(other.started.value).toBe(true);
    slow.finish(true);
    other.finish(true);
  });

  it('does not run the unit queued behind one that failed, and starts the lane afresh after', async () => {
    const lanes = new PartitionLanes();
    const failing = deferred();
    const behind = deferred();
    const afresh = deferred();
    await lanes.enqueue('p0', failing.work);
    const queued = lanes.enqueue('p0', behind.work);
    failing.finish(false);
    await expect(queued).resolves.toBe(false);
    await settled();
    expect(behind.started.value).toBe(false);
    await expect(lanes.enqueue('p0', afresh.work)).resolves.toBe(true);
    expect(afresh.started.value).toBe(true);
    afresh.finish(true);
  });

  it('drains: resolves only once every queued unit has finished', async () => {
    const lanes = new PartitionLanes();
    const a = deferred();
    const b = deferred();
    await lanes.enqueue('p0', a.work);
    await lanes.enqueue('p1', b.work);
    let drained = false;
    const draining = lanes.drain().then(() => (drained = true));
    a.finish(true);
    await settled();
    expect(drained).toBe(false);
    b.finish(true);
    await draining;
    expect(drained).toBe(true);
  });
});

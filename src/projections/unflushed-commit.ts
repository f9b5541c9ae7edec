import { QueryRunner } from 'typeorm';

/**
 * Runs `work` in one transaction whose commit does not wait for its WAL to reach the disk.
 * For what can be worked out again (projections and their checkpoint, the relay's position):
 * a database crash loses only whole transactions of the last moments, which are then redone,
 * and since the WAL is written in order, no later durable commit (an append) can outlive one
 * that came before it. Appends themselves always wait for the flush.
 */
export async function unflushedCommit<T>(runner: QueryRunner, work: () => Promise<T>): Promise<T> {
  await runner.startTransaction();
  try {
    await runner.query(`SET LOCAL synchronous_commit = off`);
    const result = await work();
    await runner.commitTransaction();
    return result;
  } catch (error) {
    await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  }
}

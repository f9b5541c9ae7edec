import { BaselineContext, baselineConsumer } from './baseline';

/** The ceiling of any Kafka pipeline here: a consumer that only parses each message. */
export async function rawParse(context: BaselineContext): Promise<void> {
  const consumer = await baselineConsumer(context, 'raw-parse');
  let done = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) JSON.parse(message.value!.toString());
      done += batch.messages.length;
      context.progress(done);
    },
  });
}

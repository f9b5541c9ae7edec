import { ChildProcess, spawn } from 'node:child_process';
import { MockKafka } from './kafka-mock';

const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/**
 * librdkafka's mock cluster (the same library kcat runs, librdkafka.so.1) with topics created
 * ahead at the partition counts given. kcat can only let topics auto-create with the mock's
 * default of 4 partitions and the mock answers no CreateTopics request, but the library
 * exports rd_kafka_mock_topic_create, which Python's ctypes can call without a compiler.
 */
const DRIVER = `
import ctypes, json, sys, time
lib = ctypes.CDLL('librdkafka.so.1')
lib.rd_kafka_conf_new.restype = ctypes.c_void_p
lib.rd_kafka_conf_set.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
lib.rd_kafka_new.restype = ctypes.c_void_p
lib.rd_kafka_new.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
lib.rd_kafka_mock_cluster_new.restype = ctypes.c_void_p
lib.rd_kafka_mock_cluster_new.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.rd_kafka_mock_cluster_bootstraps.restype = ctypes.c_char_p
lib.rd_kafka_mock_cluster_bootstraps.argtypes = [ctypes.c_void_p]
lib.rd_kafka_mock_topic_create.restype = ctypes.c_int
lib.rd_kafka_mock_topic_create.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
errstr = ctypes.create_string_buffer(512)
conf = lib.rd_kafka_conf_new()
lib.rd_kafka_conf_set(conf, b'log_level', b'3', errstr, 512)
rk = lib.rd_kafka_new(0, conf, errstr, 512)
brokers = int(sys.argv[1])
cluster = lib.rd_kafka_mock_cluster_new(rk, brokers)
for topic, partitions in json.loads(sys.argv[2]).items():
    err = lib.rd_kafka_mock_topic_create(cluster, topic.encode(), partitions, min(brokers, 3))
    if err != 0:
        sys.exit('cannot create %s: error %d' % (topic, err))
print('bootstrap.servers=' + lib.rd_kafka_mock_cluster_bootstraps(cluster).decode(), flush=True)
while True:
    time.sleep(3600)
`;

export async function startMockKafkaWithTopics(brokers: number, topics: Record<string, number>): Promise<MockKafka> {
  const child = spawn('python3', ['-c', DRIVER, String(brokers), JSON.stringify(topics)], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const servers = await new Promise<string[]>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`the mock Kafka cluster printed no bootstrap.servers within 10 s: ${seen.slice(-500)}`)),
      10_000,
    );
    const read = (chunk: Buffer) => {
      if (seen.length < 100_000) seen += chunk.toString();
      const match = /bootstrap\.servers=(\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].split(','));
      }
    };
    child.once('error', (error) => reject(new Error(`cannot start python3 (needed to drive librdkafka's mock cluster): ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`the mock Kafka cluster exited (${code}): ${seen.slice(-500)}`)));
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
  });
  return {
    brokers: servers,
    async stop() {
      running.delete(child);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

import { startVllmEmulator, type VllmEmulator } from '../../src/testing';
import { CHAT_MODEL, EMBEDDING_MODEL, type SoakConfig } from './soak-config';

/** The soak's replicas: a chat fleet and an embedding fleet, named `chat-0`, `embedding-0`, … */
export interface SoakFleet {
  readonly replicas: ReadonlyMap<string, VllmEmulator>;
  readonly chatURLs: string[];
  readonly embeddingURLs: string[];
  get(name: string): VllmEmulator;
  close(): Promise<void>;
}

export async function startFleet(config: SoakConfig): Promise<SoakFleet> {
  const start = (model: string, seed: number) =>
    startVllmEmulator({
      model,
      seed,
      timeToFirstTokenMs: config.timeToFirstTokenMs,
      tokensPerSecond: config.tokensPerSecond,
      // The soak reads the fault log, not the request log: keep memory flat.
      maxRecordedRequests: 100,
    });
  const chat = await Promise.all(
    Array.from({ length: config.chatReplicas }, (_, index) => start(CHAT_MODEL, index + 1)),
  );
  const embedding = await Promise.all(
    Array.from({ length: config.embeddingReplicas }, (_, index) => start(EMBEDDING_MODEL, index + 101)),
  );
  const replicas = new Map<string, VllmEmulator>([
    ...chat.map((replica, index): [string, VllmEmulator] => [`chat-${index}`, replica]),
    ...embedding.map((replica, index): [string, VllmEmulator] => [`embedding-${index}`, replica]),
  ]);
  for (const [index, replica] of [...replicas.values()].entries()) replica.faults.seed(config.seed + index);
  return {
    replicas,
    chatURLs: chat.map((replica) => replica.baseURL),
    embeddingURLs: embedding.map((replica) => replica.baseURL),
    get: (name) => {
      const replica = replicas.get(name);
      if (replica === undefined) throw new Error(`no replica ${name}`);
      return replica;
    },
    close: async () => {
      await Promise.all([...replicas.values()].map((replica) => replica.close()));
    },
  };
}

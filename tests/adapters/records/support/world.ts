import { classifyResponse, createCallRecords, createMemoryStorage, fromBx24, type CallRecords, type CallRecordsOptions, type DeadLetter, type RecordsDiagnostic, type RecordsStorage, type RestPort } from '../../../../adapters/records';
import { createBx24Client, createRestDouble, type RestDouble, type RestDoubleOptions } from '../../../../testing/rest';
import { createScheduler, type InstanceClock, type Scheduler } from './fakeTime';

/** One worker frame: its records layer, its clock, and what it reported. */
export interface Worker {
  readonly records: CallRecords;
  readonly clock: InstanceClock;
  readonly diagnostics: RecordsDiagnostic[];
  readonly deadLetters: DeadLetter[];
  /** The frame is gone at once: no timer fires, no answer arrives, nothing more is written. */
  crash(): void;
}

export const USER_ID = 7;

/**
 * Storage a crashed frame can no longer write to: the shared storage as each worker sees it.
 */
function storageOf(shared: RecordsStorage, clock: InstanceClock): RecordsStorage {
  return {
    getItem: (key) => shared.getItem(key),
    setItem: (key, value) => {
      if (!clock.dead) shared.setItem(key, value);
    },
    removeItem: (key) => {
      if (!clock.dead) shared.removeItem(key);
    },
    keys: () => shared.keys(),
  };
}

/** A port whose answers never reach a crashed frame. */
function portOf(port: RestPort, clock: InstanceClock): RestPort {
  return {
    call: (method, params) =>
      new Promise((resolve) => {
        void port.call(method, params).then((reply) => {
          if (!clock.dead) resolve(reply);
        });
      }),
  };
}

/**
 * The double called in process, its answer read as the portal's status and body: for the
 * outbox's own tests, where the BX24 library's quirks (a 5xx never reaches the callback)
 * would hide what is being tested. The ports have their own tests.
 */
export function directPort(rest: RestDouble): RestPort {
  return {
    call: async (method, params) => {
      const answer = rest.callSync(method, params);
      if (answer.transport === 'answered') return classifyResponse(answer.status, answer.body);
      return { ok: false, failure: { kind: 'ambiguous', cause: answer.transport === 'hang' ? 'timeout' : 'network', status: null, description: answer.transport } };
    },
  };
}

export interface WorldOptions {
  /** How the workers reach the double: through BX24.callMethod (the default) or directly. */
  readonly port?: 'bx24' | 'direct';
  readonly double?: Omit<RestDoubleOptions, 'clock'>;
  readonly records?: Partial<CallRecordsOptions>;
  readonly scheduler?: Scheduler;
}

/** The REST double, shared storage, and worker frames started over them, all on one fake clock. */
export function createWorld(options: WorldOptions = {}) {
  const time = options.scheduler ?? createScheduler();
  const rest: RestDouble = createRestDouble({ ...options.double, clock: time.clock });
  const storage = createMemoryStorage();
  const workers: Worker[] = [];

  const startWorker = (overrides: Partial<CallRecordsOptions> = {}): Worker => {
    const clock = time.instance();
    const diagnostics: RecordsDiagnostic[] = [];
    const deadLetters: DeadLetter[] = [];
    const bx24 = createBx24Client({ rest, userId: USER_ID });
    const records = createCallRecords({
      rest: portOf(options.port === 'direct' ? directPort(rest) : fromBx24(bx24, { clock, timeoutMs: 30_000 }), clock),
      userId: USER_ID,
      storage: storageOf(storage, clock),
      clock,
      locks: null,
      onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
      onDeadLetter: (letter) => deadLetters.push(letter),
      ...options.records,
      ...overrides,
    });
    const worker: Worker = {
      records,
      clock,
      diagnostics,
      deadLetters,
      crash: () => clock.kill(),
    };
    workers.push(worker);
    return worker;
  };

  return { time, rest, storage, workers, startWorker };
}

export type World = ReturnType<typeof createWorld>;

import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Job, JobRunner, Reply, RunnerEvents } from './protocol.js';

interface Slot {
  worker: Worker;
  job: Job | null;
  /** The worker has loaded pdf.js. */
  ready: boolean;
}

/**
 * Worker threads running jobs one at a time each: started as jobs need them (up to `size`),
 * replaced when they crash or their job is cancelled, retired when idle. A hand-written pool rather
 * than piscina: a job here streams a message per page back (so that no worker holds a whole
 * document), where a piscina task returns one result.
 */
export class WorkerPool implements JobRunner {
  private readonly slots: Slot[] = [];

  constructor(
    private readonly url: URL,
    private readonly size: number,
    private readonly limits: ResourceLimits,
    private readonly events: RunnerEvents,
  ) {}

  /** Whether a job given now would start at once. */
  hasRoom(): boolean {
    return this.slots.length < this.size || this.slots.some((s) => !s.job);
  }

  /** Starts a job on an idle worker, or on a new one. False when every worker is busy. */
  run(job: Job): boolean {
    let slot = this.slots.find((s) => !s.job);
    if (!slot && this.slots.length < this.size) {
      slot = this.startWorker();
      this.slots.push(slot);
    }
    if (!slot) return false;
    slot.job = job;
    slot.worker.postMessage(job);
    if (slot.ready) this.events.started(job);
    return true;
  }

  /** The jobs running now. */
  running(): Job[] {
    return this.slots.filter((s) => s.job).map((s) => s.job!);
  }

  /** Stops the running jobs that match (their workers are replaced by new ones). */
  cancel(match: (job: Job) => boolean): void {
    for (const slot of this.slots) {
      if (slot.job && match(slot.job)) this.replace(slot);
    }
  }

  /** Ends the idle workers: their memory (pdf.js and its caches) is given back. */
  retireIdle(): void {
    for (let k = this.slots.length - 1; k >= 0; k--) {
      if (this.slots[k].job) continue;
      void this.slots[k].worker.terminate();
      this.slots.splice(k, 1);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private replace(slot: Slot): void {
    void slot.worker.terminate();
    this.startWorker(slot);
    slot.job = null;
  }

  /** A new worker, in a new slot or replacing the worker of `slot`; messages of a replaced worker are ignored. */
  private startWorker(replacing?: Slot): Slot {
    const worker = new Worker(this.url, { resourceLimits: this.limits });
    const slot = replacing ?? { worker, job: null, ready: false };
    slot.worker = worker;
    slot.ready = false;
    worker.on('message', (reply: Reply) => {
      if (slot.worker === worker) this.onMessage(slot, reply);
    });
    worker.on('error', (err) => {
      if (slot.worker !== worker) return;
      const job = slot.job;
      this.replace(slot);
      this.events.crashed(job, err);
    });
    return slot;
  }

  private onMessage(slot: Slot, reply: Reply): void {
    if (reply.type === 'ready') {
      slot.ready = true;
      if (slot.job) this.events.started(slot.job);
      return;
    }
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    if (reply.type !== 'page') slot.job = null;
    this.events.reply(job, reply);
  }
}

import { isOperatorListChunk } from './pdfjs-messages.js';

/**
 * The port between pdf.js's two halves when both run in this thread (a batch worker, `--jobs 1`,
 * the library without a parser thread). pdf.js's own (its LoopbackPort) deep-copies every message
 * with structuredClone, as a port between threads must; most of what it copies are the operator
 * lists, which the parsing half never touches again once sent: measured in a batch worker, the
 * copies took a tenth of its time, and their garbage more. Here an operator-list chunk is handed
 * over as it is, its two arrays copied (pdf.js empties them to fill them again); every other
 * message is deep-copied as pdf.js does.
 */

type Listener = (event: { data: unknown }) => void;

export class InThreadPort {
  private readonly listeners = new Map<Listener, (() => void) | null>();
  private delivered = Promise.resolve();

  postMessage(message: unknown, transfer?: Transferable[]): void {
    const data = isOperatorListChunk(message)
      ? { ...message, chunk: { ...message.chunk, fnArray: message.chunk.fnArray.slice(), argsArray: message.chunk.argsArray.slice() } }
      : structuredClone(message, transfer ? { transfer } : undefined);
    // Delivered later, as a message between threads is: the sender goes on first.
    void this.delivered.then(() => {
      for (const listener of [...this.listeners.keys()]) listener.call(this, { data });
    });
  }

  addEventListener(type: string, listener: Listener, options?: { signal?: AbortSignal }): void {
    if (type !== 'message') return;
    const signal = options?.signal;
    if (signal?.aborted) return;
    const onAbort = () => this.removeEventListener(type, listener);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.listeners.set(listener, signal ? () => signal.removeEventListener('abort', onAbort) : null);
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.listeners.get(listener)?.();
    this.listeners.delete(listener);
  }

  terminate(): void {
    for (const stop of this.listeners.values()) stop?.();
    this.listeners.clear();
  }
}

/**
 * The messages between pdf.js's two halves that our ports look into (pdfjs-dist 5.x,
 * shared/message_handler.js): a stream's messages and the chunks of a page's operator list.
 */

/** pdf.js's stream message kinds (its StreamKind). */
export const STREAM = { CANCEL: 1, CLOSE: 3, ENQUEUE: 4, ERROR: 5 } as const;

/** A chunk of a page's operator list, as the parsing half sends it. */
export interface OperatorListChunk {
  fnArray: number[];
  argsArray: unknown[];
  length: number;
  lastChunk: boolean;
  separateAnnots: unknown;
}

export interface Message {
  sourceName?: string;
  targetName?: string;
  action?: string;
  stream?: number;
  streamId?: number;
  data?: unknown;
  chunk?: OperatorListChunk;
}

/** Whether a message is a chunk of an operator list. */
export function isOperatorListChunk(message: unknown): message is Message & { chunk: OperatorListChunk } {
  const m = message as Message | null;
  return m?.stream === STREAM.ENQUEUE && Array.isArray(m.chunk?.fnArray) && Array.isArray(m.chunk?.argsArray);
}

import type { MessagePort } from 'node:worker_threads';
import type { FontInfo } from './operators.js';
import { packReading, READ_PAGE_OP, readPage, type PageFrame } from './page-reading.js';
import { isOperatorListChunk, STREAM, type Message, type OperatorListChunk } from './pdfjs-messages.js';

/**
 * Pages read where they are parsed. For a long document (document.ts, READ_IN_PARSER_ABOVE) the
 * display half asks for each page's operator list with the frame to read it into; the parser
 * thread then keeps the list's chunks, reads the page itself once the list is whole and sends
 * the page read in place of the list. The main thread neither receives the operators (90,000 for
 * 23 pages of tables, 3.6 MB to clone) nor reads them, and the two threads share the work more
 * evenly. Anything unexpected (a font whose properties cannot be read, an error while reading)
 * sends the list itself, which the main thread reads as it would have.
 *
 * This works on the messages between pdf.js's two halves (pdfjs-dist 5.x); the tests compare
 * pages read in either thread.
 */

/** An operator list being received for a page to read here. */
interface HeldList {
  doc: string;
  frame: PageFrame;
  fnArray: number[];
  argsArray: unknown[];
}

/**
 * What the reader needs of a font (FontInfo), from the properties pdf.js packs into a buffer to
 * send a font to the display half (its compileFontInfo, shared/obj_bin_transform_utils.js): ten
 * two-bit booleans (vertical the tenth), three big-endian doubles (ascent, defaultWidth,
 * descent), the bounding box (a count and four int16) and the font matrix (a count, 0 or 6, and
 * six little-endian doubles). Null when the buffer does not have that shape.
 */
export function fontInfoFromPacked(buffer: ArrayBuffer): FontInfo | null {
  const NUMBERS = 3;
  const FONT_MATRIX = NUMBERS + 3 * 8 + 1 + 2 * 4;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < FONT_MATRIX + 1 + 6 * 8) return null;
  const view = new DataView(buffer);
  const bool = (index: number) => {
    const bits = (view.getUint8(Math.floor(index / 4)) >> ((index * 2) % 8)) & 0x03;
    return bits === 0 ? undefined : bits === 0x02;
  };
  const matrixLength = view.getUint8(FONT_MATRIX);
  if (matrixLength !== 0 && matrixLength !== 6) return null;
  const fontMatrix = matrixLength ? Array.from({ length: 6 }, (_, i) => view.getFloat64(FONT_MATRIX + 1 + i * 8, true)) : undefined;
  return { fontMatrix, ascent: view.getFloat64(NUMBERS), descent: view.getFloat64(NUMBERS + 16), vertical: bool(9) };
}

/** A font sent with an error (pdf.js then resolves the font's name to the error: no property). */
const NO_FONT: FontInfo = {};

/**
 * The port given to pdf.js's parsing half: it passes messages both ways and reads, on the way out,
 * the pages whose operator lists were asked for with a frame.
 */
class ReadingPort {
  /** Fonts by document (the display half's name of it), then by pdf.js's name of the font; null: properties not readable. */
  private readonly fonts = new Map<string, Map<string, FontInfo | null>>();
  /** Operator lists being received, by document and stream. */
  private readonly held = new Map<string, HeldList>();
  readonly addEventListener: MessagePort['addEventListener'];
  readonly removeEventListener: MessagePort['removeEventListener'];

  constructor(private readonly port: MessagePort) {
    // Added before pdf.js's own listeners: a request is seen before pdf.js starts answering it.
    port.addEventListener('message', (event: Event) => this.received((event as MessageEvent).data));
    this.addEventListener = port.addEventListener.bind(port);
    this.removeEventListener = port.removeEventListener.bind(port);
  }

  /** What pdf.js's parsing half sends: passed on, or changed for an operator list held here. */
  postMessage(message: Message, transfers?: Transferable[]): void {
    if (message?.action === 'commonobj') this.noteFont(message);
    const k = key(message?.targetName, message?.streamId);
    const list = message?.stream === undefined ? undefined : this.held.get(k);
    if (!list) return this.post(message, transfers);
    if (!isOperatorListChunk(message)) {
      if (message.stream === STREAM.CLOSE || message.stream === STREAM.ERROR) this.held.delete(k);
      return this.post(message, transfers);
    }
    // Copied now: pdf.js empties a chunk's arrays once it is sent, to fill them again.
    const chunk = message.chunk;
    for (let i = 0; i < chunk.length; i++) {
      list.fnArray.push(chunk.fnArray[i]);
      list.argsArray.push(chunk.argsArray[i]);
    }
    if (!chunk.lastChunk) {
      // An empty chunk keeps pdf.js's stream flowing (the display half takes it and asks for more);
      // the chunk's buffers stay here, kept with the list.
      return this.post({ ...message, chunk: { ...chunk, fnArray: [], argsArray: [], length: 0 } });
    }
    this.held.delete(k);
    this.post({ ...message, chunk: this.finalChunk(list, chunk) });
  }

  private post(message: Message, transfers?: Transferable[]): void {
    this.port.postMessage(message, transfers as never);
  }

  /** What the display half sends: a request with a frame is held here; a cancel or the document's end drops what is held. */
  private received(message: Message | undefined): void {
    if (!message || typeof message !== 'object') return;
    const doc = message.sourceName ?? '';
    if (message.action === 'GetOperatorList') {
      const frame = (message.data as { pageFrame?: PageFrame } | undefined)?.pageFrame;
      if (frame) this.held.set(key(doc, message.streamId), { doc, frame, fnArray: [], argsArray: [] });
    } else if (message.stream === STREAM.CANCEL) {
      this.held.delete(key(doc, message.streamId));
    } else if (message.action === 'Terminate') {
      this.fonts.delete(doc);
      for (const [k, list] of this.held) if (list.doc === doc) this.held.delete(k);
    }
  }

  private noteFont(message: Message): void {
    const [name, type, data] = (message.data ?? []) as [string, string, { buffer?: ArrayBuffer; error?: unknown } | undefined];
    if (type !== 'Font' || typeof name !== 'string') return;
    const doc = message.targetName ?? '';
    const ofDoc = this.fonts.get(doc) ?? this.fonts.set(doc, new Map()).get(doc)!;
    ofDoc.set(name, data && 'error' in data ? NO_FONT : data?.buffer ? fontInfoFromPacked(data.buffer) : null);
  }

  /** The whole list read, or the list itself when it cannot be read here. */
  private finalChunk(list: HeldList, chunk: OperatorListChunk): OperatorListChunk {
    const ofDoc = this.fonts.get(list.doc);
    let readable = true;
    const fontOf = (name: string): FontInfo => {
      const font = ofDoc?.get(name);
      if (font === null) readable = false;
      return font ?? NO_FONT;
    };
    try {
      const reading = readPage(list, list.frame, fontOf);
      if (readable) return { ...chunk, fnArray: [READ_PAGE_OP], argsArray: [packReading(reading)], length: 1 };
    } catch {
      // Read again where pdf.js's display half is, which reports the error with its page.
    }
    return { ...chunk, fnArray: list.fnArray, argsArray: list.argsArray, length: list.fnArray.length };
  }
}

/** A held list's key: the document (the display half's name of it) and the stream. */
const key = (doc: string | undefined, streamId: number | undefined) => `${doc}#${streamId}`;

/** The port to give pdf.js's parsing half in place of `port` (see ReadingPort). */
export function readingPort(port: MessagePort): MessagePort {
  return new ReadingPort(port) as unknown as MessagePort;
}

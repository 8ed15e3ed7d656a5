import { describe, expect, it } from 'vitest';
import { InThreadPort } from '../src/pdf/in-thread-port.js';

const received = (port: InThreadPort) => {
  const list: any[] = [];
  port.addEventListener('message', (event) => list.push(event.data));
  return list;
};

describe('InThreadPort (pdf.js\'s two halves in one thread)', () => {
  it('hands an operator-list chunk over with its arrays copied: the sender may empty them at once', async () => {
    const port = new InThreadPort();
    const got = received(port);
    const glyphs = [{ unicode: 'a', width: 500 }];
    const chunk = { fnArray: [44, 10], argsArray: [[glyphs], null], length: 2, lastChunk: false };
    port.postMessage({ sourceName: 'worker', targetName: 'main', stream: 4, streamId: 1, chunk });
    chunk.fnArray.length = 0;
    chunk.argsArray.length = 0;
    expect(got).toEqual([]);
    await Promise.resolve();
    await Promise.resolve();
    expect(got).toHaveLength(1);
    expect(got[0].chunk.fnArray).toEqual([44, 10]);
    // The arguments themselves are not copied: the parsing half never changes them once sent.
    expect(got[0].chunk.argsArray[0][0]).toBe(glyphs);
    expect(got[0].chunk.length).toBe(2);
  });

  it('deep-copies every other message, transferring what it is told to', async () => {
    const port = new InThreadPort();
    const got = received(port);
    const data = { action: 'GetPage', data: { pageIndex: 3 } };
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    port.postMessage(data);
    port.postMessage({ action: 'GetDocRequest', data: buffer }, [buffer]);
    data.data.pageIndex = 7;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(got[0]).toEqual({ action: 'GetPage', data: { pageIndex: 3 } });
    expect(new Uint8Array(got[1].data)).toEqual(new Uint8Array([1, 2, 3]));
    expect(buffer.byteLength).toBe(0);
  });

  it('drops a listener when its signal aborts, and all of them when terminated', async () => {
    const port = new InThreadPort();
    const controller = new AbortController();
    const first: unknown[] = [];
    const second: unknown[] = [];
    port.addEventListener('message', (e) => first.push(e.data), { signal: controller.signal });
    port.addEventListener('message', (e) => second.push(e.data));
    port.postMessage({ n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort();
    port.postMessage({ n: 2 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    port.terminate();
    port.postMessage({ n: 3 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(first).toEqual([{ n: 1 }]);
    expect(second).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

// A decompression bomb: a one-page PDF whose content stream is a Flate stream that inflates to
// `mb` megabytes of blanks (about 1 MB on disk for 1 GiB). Used by the tests (generated there, never
// committed) and by `npm run fuzz`.
import zlib from 'node:zlib';

export function decompressionBomb(mb = 1024) {
  const deflate = zlib.createDeflate({ level: 9 });
  const parts = [];
  deflate.on('data', (c) => parts.push(c));
  const block = Buffer.alloc(1 << 20, 0x20);
  return new Promise((resolve, reject) => {
    deflate.on('error', reject);
    deflate.on('end', () => {
      const stream = Buffer.concat(parts);
      const objects = [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
      ];
      const chunks = [Buffer.from('%PDF-1.7\n')];
      const offsets = [];
      let length = chunks[0].length;
      const add = (buf) => {
        chunks.push(buf);
        length += buf.length;
      };
      objects.forEach((o, i) => {
        offsets.push(length);
        add(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`));
      });
      offsets.push(length);
      add(Buffer.from(`4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`));
      add(stream);
      add(Buffer.from('\nendstream\nendobj\n'));
      const xref = length;
      add(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
      resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    let written = 0;
    const write = () => {
      while (written < mb) {
        written++;
        if (!deflate.write(block)) return void deflate.once('drain', write);
      }
      deflate.end();
    };
    write();
  });
}

import { Readable } from 'node:stream';
import { RawLine, StreamTooLargeError, readNdjsonLines } from '../../src/import/ndjson-lines';

const read = async (chunks: (string | Buffer)[], maxLineBytes = 1024, maxBytes = 1 << 20) => {
  const out: RawLine[] = [];
  for await (const line of readNdjsonLines(Readable.from(chunks), { maxLineBytes, maxBytes }))
    out.push(line);
  return out;
};

describe('readNdjsonLines', () => {
  it('splits lines across chunk boundaries, numbers them, accepts CRLF and a missing final newline', async () => {
    expect(await read(['{"a":', '1}\r\n{"b"', ':2}\n\n', '{"c":3}'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
      { line: 3, text: '' },
      { line: 4, text: '{"c":3}' },
    ]);
  });

  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = Buffer.from('{"name":"부산 해양 클러스터"}\n', 'utf8');
    expect(await read([bytes.subarray(0, 13), bytes.subarray(13)])).toEqual([
      { line: 1, text: '{"name":"부산 해양 클러스터"}' },
    ]);
  });

  it('reports an over-long line without buffering it, and goes on with the next', async () => {
    const long = 'x'.repeat(5000);
    const lines = await read([long.slice(0, 2000), long.slice(2000), '\n{"ok":1}\n'], 100);
    expect(lines).toEqual([
      { line: 1, error: 'the line is longer than 100 bytes' },
      { line: 2, text: '{"ok":1}' },
    ]);
  });

  it('reports a line that is not UTF-8', async () => {
    expect(await read([Buffer.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a])])).toEqual([
      { line: 1, error: 'the line is not valid UTF-8' },
    ]);
  });

  it('stops with StreamTooLargeError past the byte limit', async () => {
    await expect(read(['{"a":1}\n'.repeat(10)], 100, 50)).rejects.toBeInstanceOf(
      StreamTooLargeError,
    );
  });
});

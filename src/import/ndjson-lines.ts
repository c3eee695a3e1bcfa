import { PassThrough, Readable, Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** One line of an NDJSON stream, decoded, or the reason it could not be read. */
export type RawLine = { line: number; text: string } | { line: number; error: string };

export class StreamTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the input exceeds ${limit} bytes`);
  }
}

/** A compressed body that stopped decompressing (what was read before it stands). */
export class BodyDecodingError extends Error {}

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The Content-Encodings an import body may have (besides identity). */
export const IMPORT_ENCODINGS = Object.keys(DECODERS);

/**
 * The body decompressed as it streams (gzip, deflate or br), or the body itself (identity);
 * undefined for an encoding it cannot read. A decompression failure ends the stream with a
 * BodyDecodingError. Size limits apply to the decompressed bytes (readNdjsonLines counts them).
 */
export function decodedBody(body: Readable, encoding: string): Readable | undefined {
  if (encoding === '' || encoding === 'identity') return body;
  const decoder = DECODERS[encoding]?.();
  if (!decoder) return undefined;
  const out = new PassThrough();
  decoder.on('error', (error) =>
    out.destroy(new BodyDecodingError(`the body is not valid ${encoding}: ${error.message}`)),
  );
  body.on('error', (error) => out.destroy(error));
  body.pipe(decoder).pipe(out);
  return out;
}

/**
 * Splits a byte stream into lines without ever holding more than one line (at most
 * `maxLineBytes`) in memory: an over-long line is skipped to its end and reported, not buffered.
 * Lines must be UTF-8; `\r\n` endings are accepted.
 */
export async function* readNdjsonLines(
  source: AsyncIterable<Buffer | string>,
  opts: { maxLineBytes: number; maxBytes: number },
): AsyncGenerator<RawLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let total = 0;
  let line = 0;

  const finish = (): RawLine => {
    line += 1;
    const result: RawLine = tooLong
      ? { line, error: `the line is longer than ${opts.maxLineBytes} bytes` }
      : decodeLine(decoder, Buffer.concat(parts, size), line);
    parts = [];
    size = 0;
    tooLong = false;
    return result;
  };

  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += buf.length;
    if (total > opts.maxBytes) throw new StreamTooLargeError(opts.maxBytes);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      append(buf.subarray(start, nl));
      yield finish();
      start = nl + 1;
    }
    append(buf.subarray(start));
  }
  if (size > 0 || tooLong) yield finish();

  function append(piece: Buffer): void {
    if (tooLong || piece.length === 0) return;
    if (size + piece.length > opts.maxLineBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(Buffer.from(piece));
    size += piece.length;
  }
}

function decodeLine(decoder: TextDecoder, bytes: Buffer, line: number): RawLine {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
  try {
    return { line, text: decoder.decode(bytes.subarray(0, end)) };
  } catch {
    return { line, error: 'the line is not valid UTF-8' };
  }
}

import { MAX_CHUNKS, chunked, contentHash } from '../../../src/embeddings/embedding-text';

describe('embedding text in chunks', () => {
  it('keeps a short text whole, head first', () => {
    expect(chunked('SiC pilot line', 'SiC pilot line', 'Partner wanted.', 128).chunks).toEqual([
      'SiC pilot line. Partner wanted.',
    ]);
  });

  it('cuts a long text into windows under the model length, each led by the label', () => {
    const words = Array.from({ length: 1000 }, (_, i) => `w${i}`);
    const text = chunked('Head, more words here', 'Label', words.join(' '), 128);
    expect(text.chunks.length).toBeGreaterThan(9);
    for (const c of text.chunks) expect(c.split(' ').length).toBeLessThanOrEqual(104);
    expect(text.chunks[0].startsWith('Head, more words here. w0 ')).toBe(true);
    expect(text.chunks[1].startsWith('Label. ')).toBe(true);
    // Nothing is lost: every word is in exactly one chunk.
    const seen = text.chunks.flatMap((c) => c.split(' ').filter((w) => /^w\d+$/.test(w)));
    expect(seen).toEqual(words);
  });

  it('counts characters in scripts written without spaces, and glues them back', () => {
    const text = chunked('半導体', '半導体', 'パワー半導体の量産ライン。'.repeat(40), 128);
    expect(text.chunks.length).toBeGreaterThan(3);
    expect(text.chunks[0]).toMatch(/^半導体\. パワー半導体の量産ライン。パワー/);
  });

  it('stops at MAX_CHUNKS, and hashes the chunks so a new window re-embeds', () => {
    const huge = chunked('h', 'h', 'word '.repeat(20000), 128);
    expect(huge.chunks).toHaveLength(MAX_CHUNKS);
    const a = chunked('h', 'h', 'one two three four', 128);
    const b = chunked('h', 'h', 'one two three four', 16);
    expect(contentHash('m', a)).toBe(
      contentHash('m', chunked('h', 'h', 'one two three four', 128)),
    );
    expect(contentHash('m', a)).not.toBe(contentHash('m2', a));
    expect(a.chunks).not.toEqual(b.chunks.length > 1 ? a.chunks : ['x']);
  });
});

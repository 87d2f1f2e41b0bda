// A seeded random generator (mulberry32), so generated test data and chunkings can be reproduced.
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `text` cut into pieces of random sizes (often tiny, sometimes large), reproducibly from `seed`. */
export function randomChunks(text: string, seed: number): string[] {
  const random = seededRandom(seed);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(random() * (random() < 0.5 ? 8 : 400));
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

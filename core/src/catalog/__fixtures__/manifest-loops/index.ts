import birth from './base/src/index.ts';

// A manifest entry whose top-level code never finishes.
let spins = 0;
while (birth.code) spins++;

export default { ...birth, summary: `after ${spins} spins` };

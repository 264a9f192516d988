import fc from 'fast-check';

/*
 * Property tests explore new random inputs on every local run. On CI they run from a fixed seed
 * (override with FC_SEED) so a red build is reproducible; a failure prints the seed and the
 * shrunk counterexample either way.
 */
if (process.env.CI) {
  fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261124) });
}

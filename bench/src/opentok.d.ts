// opentok ships no types; the benchmark only calls it through `require`.
declare module 'opentok';

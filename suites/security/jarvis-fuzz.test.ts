import { describeFuzz } from './support/fuzz-suite';

// Schema-driven fuzzing of every JARVIS route (fixed seed: a failure replays).
describeFuzz('jarvis', 20261129);

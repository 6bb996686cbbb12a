import { describeFuzz } from './support/fuzz-suite';

// Schema-driven fuzzing of every AI DAWG backend route (fixed seed: a failure replays).
describeFuzz('ai-dawg', 20261130);

import { describeCatalog } from './support/catalog-suite';

// Black-box attack catalog and schema-driven fuzzing against AI DAWG (backend + vocal coach, or
// AIDAWG_URL); the fuzz seed is fixed so a failure replays.
describeCatalog('ai-dawg', { vocalCoach: true, fuzzSeed: 20261130 });

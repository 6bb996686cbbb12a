import { describeCatalog } from './support/catalog-suite';

// Black-box attack catalog and schema-driven fuzzing against JARVIS (the reference gateway, or
// JARVIS_URL); the fuzz seed is fixed so a failure replays.
describeCatalog('jarvis', { fuzzSeed: 20261129 });

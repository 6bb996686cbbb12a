import { describeCatalog } from './support/catalog-suite';

// Black-box attack catalog against AI DAWG (backend + vocal coach, or AIDAWG_URL).
describeCatalog('ai-dawg', { vocalCoach: true });

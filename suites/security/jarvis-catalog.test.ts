import { describeCatalog } from './support/catalog-suite';

// Black-box attack catalog against JARVIS (the reference gateway, or JARVIS_URL).
describeCatalog('jarvis');

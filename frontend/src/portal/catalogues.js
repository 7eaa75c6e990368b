// The portal's labels: the shared ones (statuses, reply channels, error codes) and its own.
// Imported first by main.js, before any element renders; none of the console's pages come along.
import trCommon from "../i18n/tr/common.json";
import trPortal from "../i18n/tr/portal.json";
import enCommon from "../i18n/en/common.json";
import enPortal from "../i18n/en/portal.json";
import { addCatalogues } from "../kit/i18n.js";

addCatalogues([trCommon, trPortal], [enCommon, enPortal]);

// The console's labels: one file per area, so that each area's labels are found (and reviewed)
// together. Imported first by main.js, before any element renders.
import trCommon from "../i18n/tr/common.json";
import trQueue from "../i18n/tr/queue.json";
import trTicket from "../i18n/tr/ticket.json";
import trCreate from "../i18n/tr/create.json";
import trDashboard from "../i18n/tr/dashboard.json";
import trAdmin from "../i18n/tr/admin.json";
import trNotifications from "../i18n/tr/notifications.json";
import trWhatsapp from "../i18n/tr/whatsapp.json";
import trWebhooks from "../i18n/tr/webhooks.json";
import enCommon from "../i18n/en/common.json";
import enQueue from "../i18n/en/queue.json";
import enTicket from "../i18n/en/ticket.json";
import enCreate from "../i18n/en/create.json";
import enDashboard from "../i18n/en/dashboard.json";
import enAdmin from "../i18n/en/admin.json";
import enNotifications from "../i18n/en/notifications.json";
import enWhatsapp from "../i18n/en/whatsapp.json";
import enWebhooks from "../i18n/en/webhooks.json";
import { addCatalogues } from "../kit/i18n.js";

addCatalogues(
  [trCommon, trQueue, trTicket, trCreate, trDashboard, trAdmin, trNotifications, trWhatsapp, trWebhooks],
  [enCommon, enQueue, enTicket, enCreate, enDashboard, enAdmin, enNotifications, enWhatsapp, enWebhooks],
);

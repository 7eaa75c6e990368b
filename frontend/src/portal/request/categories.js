// The public category list, fetched once per language and shared by the pages that name them.
import { request } from "../../kit/api.js";
import { graphqlLanguage, language } from "../../kit/i18n.js";

const CATEGORIES = `query($language: Language!) { categories(first: 100) { edges { node {
  id code name(language: $language) remit externalInstitution
} } } }`;

/** @typedef {{ id: string, code: string, name: string, remit: string, externalInstitution: string | null }} PublicCategory */

/** @type {Map<string, Promise<PublicCategory[]>>} */
const cache = new Map();

/** Active categories in the page's language, by name, "Other" last. @returns {Promise<PublicCategory[]>} */
export function categories() {
  const lang = language();
  let list = cache.get(lang);
  if (!list) {
    list = request(CATEGORIES, { language: graphqlLanguage() }).then((data) => {
      /** @type {PublicCategory[]} */
      const all = data.categories.edges.map((/** @type {{ node: PublicCategory }} */ e) => e.node);
      const collator = new Intl.Collator(lang);
      return all.sort((a, b) => Number(a.code === "OTHER") - Number(b.code === "OTHER") || collator.compare(a.name, b.name));
    });
    // A failure is not kept: the next visit asks again.
    list.catch(() => cache.delete(lang));
    cache.set(lang, list);
  }
  return list;
}

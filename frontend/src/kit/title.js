// The tab title: the page's name, with the count of unseen assignments in front so a busy
// agent sees it from another tab.
let page = "";
let unseen = 0;

function render() {
  const name = page ? `${page} — Çözüm` : "Çözüm";
  document.title = unseen > 0 ? `(${unseen}) ${name}` : name;
}

export function setPageTitle(/** @type {string} */ name) {
  page = name;
  render();
}

export function setUnseenCount(/** @type {number} */ count) {
  unseen = count;
  render();
}

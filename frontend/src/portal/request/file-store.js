// The draft's photos and video, kept in IndexedDB so that a reload or a lost connection does not
// lose them (localStorage holds only text). Where IndexedDB is unavailable (some private modes),
// the files live in memory for this visit and the text of the draft still survives.
const DATABASE = "cozum-portal";
const STORE = "files";

/** @type {Map<string, Blob>} */
const memory = new Map();
/** @type {Promise<IDBDatabase | null> | null} */
let opened = null;

function database() {
  opened ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opened;
}

/**
 * @template T
 * @param {IDBTransactionMode} mode
 * @param {(store: IDBObjectStore) => IDBRequest<T>} work
 * @returns {Promise<T | undefined>}
 */
async function run(mode, work) {
  const db = await database();
  if (!db) return undefined;
  return new Promise((resolve) => {
    const request = work(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(undefined);
  });
}

/** @param {string} id @param {Blob} blob */
export async function putFile(id, blob) {
  memory.set(id, blob);
  await run("readwrite", (store) => store.put(blob, id));
}

/** @param {string} id @returns {Promise<Blob | null>} */
export async function getFile(id) {
  const kept = memory.get(id) ?? (await run("readonly", (store) => store.get(id)));
  return kept instanceof Blob ? kept : null;
}

/** @param {string} id */
export async function removeFile(id) {
  memory.delete(id);
  await run("readwrite", (store) => store.delete(id));
}

export async function clearFiles() {
  memory.clear();
  await run("readwrite", (store) => store.clear());
}

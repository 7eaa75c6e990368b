// Getting a person's attention for something addressed to them: a short chime made with WebAudio
// (no sound file to fetch, nothing for the CSP to refuse), which each browser may switch off.
const STORAGE_KEY = "cozum.sound";
export const SOUND_CHANGED = "cozum:sound";

/** @type {AudioContext | null} */
let audio = null;

export function soundOn() {
  return localStorage.getItem(STORAGE_KEY) !== "off";
}

export function setSoundOn(/** @type {boolean} */ on) {
  localStorage.setItem(STORAGE_KEY, on ? "on" : "off");
  window.dispatchEvent(new CustomEvent(SOUND_CHANGED, { detail: on }));
}

function context() {
  if (!audio && typeof AudioContext !== "undefined") audio = new AudioContext();
  // Browsers start audio suspended until the page has had a gesture; resuming later is allowed.
  if (audio?.state === "suspended") audio.resume().catch(() => {});
  return audio;
}

// The first click or key press of the session unlocks audio, so a chime hours later can play.
for (const type of ["pointerdown", "keydown"]) {
  window.addEventListener(type, () => soundOn() && context(), { once: true, capture: true });
}

/** Two short rising tones, quiet enough for an open-plan office. */
export function chime() {
  if (!soundOn()) return;
  try {
    const ctx = context();
    if (!ctx) return;
    const start = ctx.currentTime + 0.01;
    [660, 990].forEach((frequency, i) => {
      const at = start + i * 0.16;
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.18, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.15);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.16);
    });
  } catch {
    // No audio device or a browser without WebAudio: the title and the announcement still tell.
  }
}

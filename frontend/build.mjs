// Builds the static front ends into dist/: the staff console at dist/console/, the portal at dist/.
// Hashed file names let the server cache assets forever; index.html files are written last, with
// those names, and are never cached. Fails when the console or the portal outgrows its size budget.
import * as esbuild from "esbuild";
import { gzipSync } from "node:zlib";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const BUDGET_GZIP_BYTES = 200 * 1024;
// Citizens come on phones, often on a poor connection: the portal stays small. The map (Leaflet,
// its stylesheet and images) is loaded only when a citizen asks for it, and is not counted.
const PORTAL_BUDGET_GZIP_BYTES = 60 * 1024;
// Built beside the served folder and swapped in at the end, so a server never sees half a build.
const out = "dist.next";
const served = "dist";

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "console"), { recursive: true });

/**
 * One front end: its script, stylesheet and the map's stylesheet (an entry of its own, linked only
 * when a map is shown), bundled into `dir`/assets, and its index.html written with their names.
 * @param {string} dir where under the output folder ("" for the portal at the root)
 * @param {string} source its folder in src/
 * @param {string} name the bundle's name (console, portal)
 */
async function buildApp(dir, source, name) {
  const prefix = `/${dir ? dir + "/" : ""}assets/`;
  const script = `src/${source}/main.js`;
  const style = `src/${source}/${name}.css`;
  const build = await esbuild.build({
    entryPoints: { [name]: script, [`${name}-style`]: style, "map-style": "src/kit/map.css" },
    outdir: join(out, dir, "assets"),
    bundle: true,
    format: "esm",
    splitting: true,
    minify: true,
    sourcemap: false,
    target: ["chrome120", "firefox120", "safari16"],
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    assetNames: "[name]-[hash]",
    // Images imported by scripts (the map's marker) become URLs that work from any of the app's paths.
    publicPath: prefix,
    loader: { ".png": "file", ".svg": "file", ".woff2": "file" },
    metafile: true,
    legalComments: "linked",
    logLevel: "warning",
  });
  const outputOf = (/** @type {string} */ entry) => {
    const [file] = Object.entries(build.metafile.outputs).find(([, o]) => o.entryPoint === entry) ?? [];
    if (!file) throw new Error(`no output for ${entry}`);
    return prefix + basename(file);
  };
  writeFileSync(
    join(out, dir, "index.html"),
    readFileSync(`src/${source}/index.html`, "utf8")
      .replace("{{script}}", outputOf(script))
      .replace("{{style}}", outputOf(style))
      .replace("{{mapStyle}}", outputOf("src/kit/map.css")),
  );
  return build.metafile;
}

const consoleBuild = await buildApp("console", "console", "console");
// The portal: its own bundle at /assets/, sharing kit/ with the console but none of its pages.
const portalBuild = await buildApp("", "portal", "portal");

/**
 * Prints each output's size and fails the build when the counted ones exceed `budget`.
 * @param {string} name
 * @param {esbuild.Metafile} metafile
 * @param {number} budget
 * @param {(file: string, output: esbuild.Metafile["outputs"][string]) => boolean} [counted]
 */
function checkBudget(name, metafile, budget, counted = () => true) {
  let total = 0;
  const lines = [];
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (file.endsWith(".LEGAL.txt")) continue;
    const gz = gzipSync(readFileSync(file)).length;
    const counts = counted(file, output);
    if (counts) total += gz;
    lines.push(`  ${basename(file).padEnd(40)} ${(output.bytes / 1024).toFixed(1).padStart(8)} KB ${(gz / 1024).toFixed(1).padStart(8)} KB gz${counts ? "" : "  (on demand)"}`);
  }
  console.log(`${name} bundle:\n${lines.join("\n")}\n  total ${(total / 1024).toFixed(1)} KB gzipped (budget ${budget / 1024} KB)`);
  if (total > budget) {
    console.error(`the ${name} is over its size budget`);
    process.exit(1);
  }
}

/** The map's code, stylesheet and images: fetched only when a map is shown. */
function onDemandMap(/** @type {string} */ file, /** @type {esbuild.Metafile["outputs"][string]} */ output) {
  const inputs = Object.keys(output.inputs);
  return output.entryPoint === "src/kit/map.css" || file.endsWith(".png") || inputs.some((i) => /node_modules\/leaflet\/.*\.js$/.test(i));
}

checkBudget("console", consoleBuild, BUDGET_GZIP_BYTES);
checkBudget("portal", portalBuild, PORTAL_BUDGET_GZIP_BYTES, (file, output) => !onDemandMap(file, output));
rmSync(served, { recursive: true, force: true });
renameSync(out, served);

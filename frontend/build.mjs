// Builds the static front ends into dist/: the staff console at dist/console/, the portal at dist/.
// Hashed file names let the server cache assets forever; index.html files are written last, with
// those names, and are never cached. Fails when the console outgrows its size budget.
import * as esbuild from "esbuild";
import { gzipSync } from "node:zlib";
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const BUDGET_GZIP_BYTES = 200 * 1024;
// Built beside the served folder and swapped in at the end, so a server never sees half a build.
const out = "dist.next";
const served = "dist";

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "console"), { recursive: true });

const result = await esbuild.build({
  // The map's stylesheet is an entry of its own: src/kit/map.js links it only when a map is shown.
  entryPoints: { console: "src/console/main.js", "console-style": "src/console/console.css", "map-style": "src/kit/map.css" },
  outdir: join(out, "console", "assets"),
  bundle: true,
  format: "esm",
  splitting: true,
  minify: true,
  sourcemap: false,
  target: ["chrome120", "firefox120", "safari16"],
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[hash]",
  assetNames: "[name]-[hash]",
  // Images imported by scripts (the map's marker) become URLs that work from any console path.
  publicPath: "/console/assets/",
  loader: { ".png": "file", ".svg": "file", ".woff2": "file" },
  metafile: true,
  legalComments: "linked",
  logLevel: "warning",
});

/** @param {string} entry */
function outputOf(entry) {
  const [file] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === entry) ?? [];
  if (!file) throw new Error(`no output for ${entry}`);
  return "/console/assets/" + basename(file);
}

const template = readFileSync("src/console/index.html", "utf8");
writeFileSync(
  join(out, "console", "index.html"),
  template
    .replace("{{script}}", outputOf("src/console/main.js"))
    .replace("{{style}}", outputOf("src/console/console.css"))
    .replace("{{mapStyle}}", outputOf("src/kit/map.css")),
);

// The portal is plain files until it gets its own bundle.
cpSync("src/portal", out, { recursive: true });

let total = 0;
const lines = [];
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith(".LEGAL.txt")) continue;
  const gz = gzipSync(readFileSync(file)).length;
  total += gz;
  lines.push(`  ${basename(file).padEnd(40)} ${(output.bytes / 1024).toFixed(1).padStart(8)} KB ${(gz / 1024).toFixed(1).padStart(8)} KB gz`);
}
console.log(`console bundle:\n${lines.join("\n")}\n  total ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_GZIP_BYTES / 1024} KB)`);
if (total > BUDGET_GZIP_BYTES) {
  console.error("the console is over its size budget");
  process.exit(1);
}
rmSync(served, { recursive: true, force: true });
renameSync(out, served);

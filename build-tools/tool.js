// Shared by the build tools: the files under a folder, and failing the build step with the tool's name.
const fs = require('fs');
const path = require('path');

/** Every file under `dir`, depth first. */
function* walkFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walkFiles(full);
    else yield full;
  }
}

/** A `fail(message)` that prints `<tool>: <message>` and exits 1, so the build step fails. */
function failer(tool) {
  return (message) => {
    console.error(`${tool}: ${message}`);
    process.exit(1);
  };
}

module.exports = { walkFiles, failer };

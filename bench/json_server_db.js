// bench/json_server_db.js: the json-server data source written by bench/run.py.
//
// json-server 0.17 reads a `db.json` into one JavaScript string, and V8 caps a string at about
// 512 MiB, which the 50,000-user export exceeds (projects_users embed their user and teams). Given a
// .js source instead, json-server calls its exported function and serves the returned object from
// memory (lowdb's Memory adapter, read-only in effect). This function builds that object from one
// NDJSON file per collection, in BENCH_JSON_SERVER_DATA: <collection>.ndjson, one record a line.
'use strict';

const fs = require('fs');
const path = require('path');

const COLLECTIONS = ['users', 'projects_users'];

function readNdjson(file) {
  const buffer = fs.readFileSync(file);
  const records = [];
  let start = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(10, start);
    if (end === -1) end = buffer.length;
    if (end > start) records.push(JSON.parse(buffer.toString('utf8', start, end)));
    start = end + 1;
  }
  return records;
}

module.exports = function () {
  const dir = process.env.BENCH_JSON_SERVER_DATA;
  if (!dir) throw new Error('BENCH_JSON_SERVER_DATA must name the directory of the NDJSON files');
  const data = {};
  for (const name of COLLECTIONS) data[name] = readNdjson(path.join(dir, `${name}.ndjson`));
  return data;
};

// Reads an indexer log (debug `batch committed` lines, colours stripped) on stdin and
// prints the backfill's curve as JSON: every batch (last block, logs, micros since the
// batch before committed, events/s, microseconds per log) and each tenth of the run's
// events (events/s over the batches it spans), with the ratio of the last tenth to the
// first. A batch's interval is the time between its commit and the one before: with
// batches overlapping, that is what each one costs.
"use strict";
const lines = require("fs").readFileSync(0, "utf8").split("\n");
const field = (line, name) => {
  const m = line.match(new RegExp(`\\b${name}=(\\d+)`));
  return m ? Number(m[1]) : undefined;
};
const batches = [];
for (const line of lines) {
  if (!line.includes("batch committed")) continue;
  const logs = field(line, "logs");
  const interval = field(line, "interval_micros");
  if (logs === undefined || interval === undefined) continue;
  batches.push({
    to: field(line, "to"),
    logs,
    intervalMicros: interval,
    eventsPerSecond: Math.round(logs / Math.max(interval, 1) * 1e6),
    microsPerLog: Number((interval / Math.max(logs, 1)).toFixed(1)),
  });
}
const total = batches.reduce((s, b) => s + b.logs, 0);
const tenths = [];
let done = 0;
for (let k = 0; k < 10; k++) tenths.push({ logs: 0, micros: 0 });
for (const b of batches) {
  const k = Math.min(9, Math.floor((done / Math.max(total, 1)) * 10));
  tenths[k].logs += b.logs;
  tenths[k].micros += b.intervalMicros;
  done += b.logs;
}
const out = tenths
  .filter((t) => t.logs > 0)
  .map((t) => ({
    logs: t.logs,
    eventsPerSecond: Math.round(t.logs / Math.max(t.micros, 1) * 1e6),
    microsPerLog: Number((t.micros / t.logs).toFixed(1)),
  }));
const first = out[0], last = out[out.length - 1];
console.log(JSON.stringify({
  batches,
  tenths: out,
  endOverStart: first && last ? Number((last.eventsPerSecond / first.eventsPerSecond).toFixed(3)) : null,
}, null, 1));

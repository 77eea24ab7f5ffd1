#!/usr/bin/env node
// Writes a small synthetic movie-ratings dataset for examples/configs/local-movielens.json:
// interactions.csv (USER_ID, ITEM_ID, TIMESTAMP, EVENT_TYPE), items.csv (ITEM_ID, GENRES, YEAR) and
// batch-users.jsonl (batch inference input).
// Deterministic (a fixed-seed LCG), and sized to pass Personalize's training minimums:
// ≥ 1,000 interactions, ≥ 25 users with ≥ 2 interactions each, and ≥ 1,000 records per import job
// (so the items file has 1,000 items too).
//   node examples/data/generate.mjs [output-dir]   (default: this folder)
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const out = process.argv[2] ?? dirname(fileURLToPath(import.meta.url))
let seed = 42
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}
const pick = (list) => list[Math.floor(random() * list.length)]

const genres = [
  "Action",
  "Adventure",
  "Animation",
  "Comedy",
  "Drama",
  "Fantasy",
  "Horror",
  "Romance",
  "Sci-Fi",
  "Thriller"
]
const itemCount = 1000
const userCount = 60
const items = Array.from({ length: itemCount }, (_, i) => {
  const own = new Set([pick(genres), pick(genres)])
  return { id: i + 1, genres: [...own].join("|"), year: 1970 + Math.floor(random() * 55) }
})

const start = 1_700_000_000 // 2023-11-14, Unix seconds
const rows = []
for (let user = 1; user <= userCount; user++) {
  // 10–40 interactions per user, favouring the first items (a popularity skew, as in real data).
  const n = 10 + Math.floor(random() * 31)
  let at = start + Math.floor(random() * 86_400 * 30)
  for (let k = 0; k < n; k++) {
    const item = 1 + Math.floor(random() ** 2 * itemCount)
    at += 60 + Math.floor(random() * 7_200)
    rows.push([user, item, at, random() < 0.7 ? "watch" : "click"])
  }
}
rows.sort((a, b) => a[2] - b[2] || a[0] - b[0])

mkdirSync(out, { recursive: true })
writeFileSync(
  join(out, "interactions.csv"),
  ["USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE", ...rows.map((r) => r.join(","))].join("\n") + "\n"
)
writeFileSync(
  join(out, "items.csv"),
  ["ITEM_ID,GENRES,YEAR", ...items.map((i) => `${i.id},${i.genres},${i.year}`)].join("\n") + "\n"
)
// Batch inference input: one JSON object per line, as CreateBatchInferenceJob reads it.
writeFileSync(
  join(out, "batch-users.jsonl"),
  Array.from({ length: 10 }, (_, i) => JSON.stringify({ userId: String(i + 1) })).join("\n") + "\n"
)
console.log(`wrote ${rows.length} interactions (${userCount} users) and ${itemCount} items to ${out}`)

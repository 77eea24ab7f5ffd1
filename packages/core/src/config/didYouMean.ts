/** Edit distance between two strings (insert, delete, substitute; case-sensitive). */
export const levenshtein = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
    }
    previous = current
  }
  return previous[b.length]!
}

/** The closest allowed key to a mistyped one, when it is close enough to be a plausible typo. */
export const didYouMean = (key: string, allowed: ReadonlyArray<string>): string | undefined => {
  let best: { readonly key: string; readonly distance: number } | undefined
  for (const candidate of allowed) {
    // Case differences are the commonest typo (`recipeARN`), so they count as one edit.
    const distance =
      candidate.toLowerCase() === key.toLowerCase() ? 1 : levenshtein(key.toLowerCase(), candidate.toLowerCase())
    if (best === undefined || distance < best.distance) best = { key: candidate, distance }
  }
  if (best === undefined) return undefined
  return best.distance <= Math.max(2, Math.floor(best.key.length / 3)) ? best.key : undefined
}

package dedupe

import "sort"

// Bands of the signature an Index hashes: 21 bands of 3 values. Two
// signatures as similar as Threshold share a band with probability
// 1−(1−0.6³)²¹ ≈ 99.4% (above 99.9% from 0.65); unrelated texts (≈0.1)
// share one 2% of the time. Candidates are then checked exactly.
const (
	bandRows = 3
	bands    = Size / bandRows
)

// Index finds the stored signatures that may be near-duplicates of a new
// one without comparing it with all of them: locality-sensitive hashing
// over bands of the signature.
type Index struct {
	buckets map[uint64][]int
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{buckets: map[uint64][]int{}} }

// Add files signature number i.
func (x *Index) Add(i int, sig []uint32) {
	for _, k := range bandKeys(sig) {
		x.buckets[k] = append(x.buckets[k], i)
	}
}

// Candidates lists, in ascending order and once each, the numbers of the
// signatures that share a band with sig.
func (x *Index) Candidates(sig []uint32) []int {
	seen := map[int]bool{}
	var out []int
	for _, k := range bandKeys(sig) {
		for _, i := range x.buckets[k] {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	sort.Ints(out)
	return out
}

// bandKeys hashes each band of a signature with its band number; a band
// of empty bins (a text too short to fill them) is not filed, since
// empty bins are not similarity.
func bandKeys(sig []uint32) []uint64 {
	if len(sig) != Size {
		return nil
	}
	keys := make([]uint64, 0, bands)
	for b := 0; b < bands; b++ {
		h := uint64(14695981039346656037) ^ uint64(b)
		empty := true
		for _, v := range sig[b*bandRows : (b+1)*bandRows] {
			if v != ^uint32(0) {
				empty = false
			}
			h ^= uint64(v)
			h *= 1099511628211
		}
		if !empty {
			keys = append(keys, h)
		}
	}
	return keys
}

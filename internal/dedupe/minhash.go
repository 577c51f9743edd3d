// Package dedupe recognises the same report reached through different
// copies: a MinHash signature over character shingles of the cleaned text,
// compared by estimated Jaccard similarity.
//
// Input: cleaned text. Output: a signature, and the similarity of two.
package dedupe

import "unicode"

// Size is the number of hash functions in a signature.
const Size = 64

// shingle is the length, in characters, of the pieces compared.
const shingle = 5

// Threshold is the similarity from which two copies are one report.
const Threshold = 0.6

// Signature returns the MinHash signature of text. Only letters and digits
// count, so a copy whose punctuation was stripped still matches.
func Signature(text string) []uint32 {
	sig := make([]uint32, Size)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	var window [shingle]rune // the last shingle runes, as a ring
	n := 0
	for _, r := range text {
		if !wordRune(r) {
			continue
		}
		window[n%shingle] = r
		n++
		if n < shingle {
			continue
		}
		// FNV-1a over the window in order: signatures are stored, so the
		// hash must not vary by process.
		h := uint64(14695981039346656037)
		for k := n - shingle; k < n; k++ {
			h ^= uint64(window[k%shingle])
			h *= 1099511628211
		}
		// One-permutation hashing: the hash picks a bin and the bin keeps
		// its least value, one hash per shingle instead of Size.
		h ^= h >> 29
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 32
		bin, v := h%Size, uint32(h>>32)
		if v < sig[bin] {
			sig[bin] = v
		}
	}
	return sig
}

// wordRune tells letters and digits, with the common cases first.
func wordRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF:
		return true
	case r < 0x80:
		return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Similarity estimates the Jaccard similarity of the texts behind two
// signatures.
func Similarity(a, b []uint32) float64 {
	if len(a) != Size || len(b) != Size {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] && a[i] != ^uint32(0) {
			same++
		}
	}
	return float64(same) / Size
}

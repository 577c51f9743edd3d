package pipeline

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/store/sqlite"
)

func seedFiles(b *testing.B) ([]ingest.File, int64) {
	var files []ingest.File
	var n int64
	for _, s := range []string{"000", "001", "002", "003", "004"} {
		raw := readSeed(b, s)
		files = append(files, ingest.File{Path: s + ".txt", Raw: raw, Format: "text"})
		n += int64(len(raw))
	}
	return files, n
}

// BenchmarkProcessSeeds measures clean+identify+extract on the seeds,
// without storage.
func BenchmarkProcessSeeds(b *testing.B) {
	files, n := seedFiles(b)
	b.SetBytes(n)
	for b.Loop() {
		for _, f := range files {
			if _, err := Process(f, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkIngestSeeds adds storage: each round stores the seeds into a
// fresh SQLite file (the file's creation is outside the timing).
func BenchmarkIngestSeeds(b *testing.B) {
	files, n := seedFiles(b)
	b.SetBytes(n)
	round := 0
	for b.Loop() {
		b.StopTimer()
		st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprint(round, ".db")))
		if err != nil {
			b.Fatal(err)
		}
		round++
		in := &Ingester{Store: st}
		b.StartTimer()
		for _, f := range files {
			p, err := Process(f, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := in.Add(ctx, p); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}

// BenchmarkCleanIdentifySeeds measures the first stages alone: decode,
// clean, identify.
func BenchmarkCleanIdentifySeeds(b *testing.B) {
	files, n := seedFiles(b)
	b.SetBytes(n)
	for b.Loop() {
		for _, f := range files {
			res, err := clean.Clean(f.Raw, f.Format, clean.Options{})
			if err != nil {
				b.Fatal(err)
			}
			identify.Identify(res.Text.String(), res.Title)
		}
	}
}
